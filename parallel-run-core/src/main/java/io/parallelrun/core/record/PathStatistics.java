package io.parallelrun.core.record;

import io.parallelrun.core.compare.Difference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of differing paths of one operation, grouped by axis and path with array indices as
 * {@code *}. At most {@code maxDistinct} distinct paths are kept; differences on any further path
 * are counted as {@link #other()}. Lock-free; no update is lost.
 */
final class PathStatistics {

  private final int maxDistinct;
  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicInteger distinct = new AtomicInteger();
  private final LongAdder other = new LongAdder();

  PathStatistics(int maxDistinct) {
    this.maxDistinct = maxDistinct;
  }

  void add(Difference difference) {
    Key key = new Key(difference.axis(), difference.groupedPath());
    LongAdder adder = counts.get(key);
    if (adder == null) {
      adder = counts.computeIfAbsent(key, k -> distinct.getAndIncrement() < maxDistinct ? new LongAdder() : null);
      if (adder == null) {
        other.increment();
        return;
      }
    }
    adder.increment();
  }

  long other() {
    return other.sum();
  }

  List<OperationStatistics.PathCount> snapshot() {
    List<OperationStatistics.PathCount> list = new ArrayList<>(counts.size());
    counts.forEach((k, v) -> list.add(new OperationStatistics.PathCount(k.axis, k.path, v.sum())));
    list.sort(OperationStatistics.PathCount.MOST_FREQUENT_FIRST);
    return list;
  }

  private static final class Key {
    final Difference.Axis axis;
    final String path;

    Key(Difference.Axis axis, String path) {
      this.axis = axis;
      this.path = path;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).axis == axis && ((Key) o).path.equals(path);
    }

    @Override
    public int hashCode() {
      return axis.hashCode() * 31 + path.hashCode();
    }
  }
}
