package io.parallelrun.core.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

  /** Published values: Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3. */
  @ParameterizedTest
  @CsvSource({
      "81, 263, 0.2553, 0.3662",
      "15, 148, 0.0624, 0.1605",
      "0, 20, 0.0000, 0.1611",
      "1, 29, 0.0061, 0.1718",
      "29, 29, 0.8830, 1.0000",
      "0, 10, 0.0000, 0.2775"
  })
  void matchesPublishedIntervals(long successes, long trials, double lower, double upper) {
    WilsonInterval interval = WilsonInterval.of(successes, trials);
    assertThat(interval.lower()).isCloseTo(lower, within(0.00006));
    assertThat(interval.upper()).isCloseTo(upper, within(0.00006));
  }

  @Test
  void allSuccessesHaveTheClosedFormLowerBound() {
    // For k = n the lower bound is n / (n + z^2).
    for (long n : new long[] {1, 10, 100, 1000, 100_000}) {
      WilsonInterval interval = WilsonInterval.of(n, n);
      double z2 = WilsonInterval.Z_95 * WilsonInterval.Z_95;
      assertThat(interval.lower()).isCloseTo(n / (n + z2), within(1e-12));
      assertThat(interval.upper()).isEqualTo(1.0);
    }
  }

  @Test
  void symmetricAroundOneHalf() {
    WilsonInterval a = WilsonInterval.of(30, 100);
    WilsonInterval b = WilsonInterval.of(70, 100);
    assertThat(a.lower()).isCloseTo(1 - b.upper(), within(1e-12));
    assertThat(a.upper()).isCloseTo(1 - b.lower(), within(1e-12));
  }

  @Test
  void narrowsWithMoreSamples() {
    double previousWidth = 1;
    for (long n = 10; n <= 1_000_000; n *= 10) {
      WilsonInterval interval = WilsonInterval.of(n * 99 / 100, n);
      double width = interval.upper() - interval.lower();
      assertThat(width).isLessThan(previousWidth);
      assertThat(interval.lower()).isLessThanOrEqualTo(interval.rate()).isGreaterThanOrEqualTo(0);
      assertThat(interval.upper()).isGreaterThanOrEqualTo(interval.rate()).isLessThanOrEqualTo(1);
      previousWidth = width;
    }
  }

  @Test
  void noTrialsIsTheWholeRange() {
    WilsonInterval interval = WilsonInterval.of(0, 0);
    assertThat(interval.lower()).isEqualTo(0.0);
    assertThat(interval.upper()).isEqualTo(1.0);
    assertThat(interval.rate()).isNaN();
  }

  @Test
  void refusesImpossibleCounts() {
    assertThatThrownBy(() -> WilsonInterval.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WilsonInterval.of(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WilsonInterval.of(1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
