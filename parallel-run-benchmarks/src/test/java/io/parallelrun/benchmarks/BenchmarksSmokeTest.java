package io.parallelrun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.benchmarks.compare.ComparatorBenchmark;
import io.parallelrun.benchmarks.filter.FilterBenchmark;
import io.parallelrun.benchmarks.filter.PublisherBenchmark;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Each benchmark class runs one short invocation in this JVM: they compile and do not fail. */
class BenchmarksSmokeTest {

  private static Collection<RunResult> once(String include, String... params) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(include)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .shouldFailOnError(true);
    for (int i = 0; i + 1 < params.length; i += 2) {
      options.param(params[i], params[i + 1]);
    }
    return new Runner(options.build()).run();
  }

  @Test
  void filterBenchmarkRunsInEveryMode() throws RunnerException {
    assertThat(once(FilterBenchmark.class.getName(), "size", "2048")).hasSize(3);
  }

  @Test
  void publisherBenchmarkRuns() throws RunnerException {
    assertThat(once(PublisherBenchmark.class.getName())).hasSize(4);
  }

  @Test
  void comparatorBenchmarkRunsForEveryLibrary() throws RunnerException {
    assertThat(once(ComparatorBenchmark.class.getName(), "size", "2048", "kase", "unordered")).hasSize(5);
  }
}
