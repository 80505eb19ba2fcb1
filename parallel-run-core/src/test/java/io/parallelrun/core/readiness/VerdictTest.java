package io.parallelrun.core.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void collectingUntilTheMinimumNumberOfSamples() {
    assertThat(Verdict.of(WilsonInterval.of(0, 0), 0.5, 0)).isEqualTo(Verdict.COLLECTING);
    assertThat(Verdict.of(WilsonInterval.of(99, 99), 0.5, 100)).isEqualTo(Verdict.COLLECTING);
    assertThat(Verdict.of(WilsonInterval.of(0, 99), 0.5, 100)).isEqualTo(Verdict.COLLECTING);
    assertThat(Verdict.of(WilsonInterval.of(100, 100), 0.5, 100)).isEqualTo(Verdict.READY);
    assertThat(Verdict.of(WilsonInterval.of(0, 100), 0.5, 100)).isEqualTo(Verdict.NOT_READY);
  }

  @Test
  void readyWhenTheLowerBoundReachesTheThresholdExactly() {
    WilsonInterval interval = WilsonInterval.of(990, 1000);
    assertThat(Verdict.of(interval, interval.lower(), 1)).isEqualTo(Verdict.READY);
    assertThat(Verdict.of(interval, Math.nextUp(interval.lower()), 1)).isEqualTo(Verdict.COLLECTING);
  }

  @Test
  void notReadyOnlyWhenTheUpperBoundIsBelow() {
    WilsonInterval interval = WilsonInterval.of(990, 1000);
    assertThat(Verdict.of(interval, interval.upper(), 1)).isEqualTo(Verdict.COLLECTING);
    assertThat(Verdict.of(interval, Math.nextUp(interval.upper()), 1)).isEqualTo(Verdict.NOT_READY);
  }
}
