package io.parallelrun.benchmarks.filter;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Part 1 on the request thread alone, side by side: CPU time and bytes allocated per request by the
 * thread that serves it, for each body size and mode, in interleaved rounds (none, notSampled,
 * sampled, none, ...). Thread CPU time does not count the time the thread waits for a core, so on
 * a shared, overloaded machine it is steadier than JMH's wall-clock time; JMH's {@code -prof gc}
 * sums every thread, this counts the request thread only. Prints a Markdown table of medians.
 */
public final class RequestThreadAllocation {

  private static final String[] MODES = {"none", "notSampled", "sampled"};
  private static final int[] SIZES = {2048, 65536};

  private RequestThreadAllocation() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    FilterBenchmark.Exchange[][] exchanges = new FilterBenchmark.Exchange[SIZES.length][MODES.length];
    double[][][] cpu = new double[SIZES.length][MODES.length][rounds];
    double[][][] bytes = new double[SIZES.length][MODES.length][rounds];
    try {
      for (int s = 0; s < SIZES.length; s++) {
        for (int m = 0; m < MODES.length; m++) {
          exchanges[s][m] = new FilterBenchmark.Exchange(SIZES[s], MODES[m]);
          for (int i = 0; i < requests(SIZES[s]) * 4; i++) {
            exchanges[s][m].serve(); // warm-up
          }
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < SIZES.length; s++) {
          for (int m = 0; m < MODES.length; m++) {
            FilterBenchmark.Exchange exchange = exchanges[s][m];
            int n = requests(SIZES[s]);
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
              exchange.serve();
            }
            cpu[s][m][r] = (threads.getCurrentThreadCpuTime() - cpuBefore) / (double) n;
            bytes[s][m][r] = (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) / (double) n;
          }
        }
      }
    } finally {
      for (FilterBenchmark.Exchange[] row : exchanges) {
        for (FilterBenchmark.Exchange exchange : row) {
          if (exchange != null) {
            exchange.close();
          }
        }
      }
    }
    List<String> rows = new ArrayList<>();
    for (int s = 0; s < SIZES.length; s++) {
      double none = median(cpu[s][0]);
      double noneBytes = median(bytes[s][0]);
      for (int m = 0; m < MODES.length; m++) {
        double ns = median(cpu[s][m]);
        double b = median(bytes[s][m]);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = cpu[s][m][r] / cpu[s][0][r];
        }
        String beyond = "sampled".equals(MODES[m])
            ? String.format(Locale.ROOT, "%.0f", b - noneBytes - bodyLength(SIZES[s])) : "";
        rows.add(String.format(Locale.ROOT, "| %d | %s | %.0f | %.3f | %+.0f | %.0f | %+.0f | %s |", SIZES[s], MODES[m], ns,
            median(ratios), ns - none, b, b - noneBytes, beyond));
      }
    }
    System.out.printf(Locale.ROOT, "%d interleaved rounds; CPU time and allocation of the request thread, medians.%n%n",
        rounds);
    System.out.println("| body | mode | CPU ns/request | ratio to none (median of rounds) | added ns | B/request | added B "
        + "| added B beyond the copied body |");
    System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    rows.forEach(System.out::println);
  }

  private static int requests(int size) {
    return size <= 4096 ? 50_000 : 5_000;
  }

  private static int bodyLength(int size) {
    return io.parallelrun.benchmarks.JsonDocuments.document(size).length;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
