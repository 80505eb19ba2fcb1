package io.parallelrun.core.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The last {@code capacity} mismatch samples of one operation; lock-free, newest wins. */
final class SampleRing {

  private final AtomicReferenceArray<OperationStatistics.Sample> slots;
  private final AtomicLong next = new AtomicLong();

  SampleRing(int capacity) {
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  boolean enabled() {
    return slots.length() > 0;
  }

  void add(OperationStatistics.Sample sample) {
    int length = slots.length();
    if (length == 0) {
      return;
    }
    slots.set((int) (next.getAndIncrement() % length), sample);
  }

  /** Newest first. */
  List<OperationStatistics.Sample> snapshot() {
    int length = slots.length();
    long end = next.get();
    List<OperationStatistics.Sample> list = new ArrayList<>(length);
    for (long i = end - 1; i >= 0 && i >= end - length; i--) {
      OperationStatistics.Sample sample = slots.get((int) (i % length));
      if (sample != null) {
        list.add(sample);
      }
    }
    return list;
  }
}
