package io.parallelrun.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.compare.Difference;
import org.junit.jupiter.api.Test;

class PathStatisticsTest {

  @Test
  void differencesOnPathsBeyondTheCapGoToOtherAndDoNotUseUpTheCounter() {
    PathStatistics paths = new PathStatistics(3);
    for (int round = 0; round < 1000; round++) {
      for (int i = 0; i < 10; i++) {
        paths.add(Difference.of(Difference.Axis.BODY, "/field" + i, "a", "b"));
      }
    }
    assertThat(paths.snapshot()).hasSize(3).allSatisfy(p -> assertThat(p.count()).isEqualTo(1000));
    assertThat(paths.other()).isEqualTo(7000);
    // the places taken stay at the cap however many differences land in "other"
    assertThat(paths.distinct()).isEqualTo(3);
  }
}
