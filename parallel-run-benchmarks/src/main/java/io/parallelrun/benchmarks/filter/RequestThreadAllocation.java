package io.parallelrun.benchmarks.filter;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 1, allocation on the request thread alone: bytes allocated per request by the thread that
 * serves it (JMH's {@code -prof gc} sums every thread). Prints a Markdown table.
 */
public final class RequestThreadAllocation {

  private RequestThreadAllocation() {}

  public static void main(String[] args) throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int warmup = 200_000;
    int measured = 200_000;
    List<String> rows = new ArrayList<>();
    for (int size : new int[] {2048, 65536}) {
      double none = 0;
      for (String mode : new String[] {"none", "notSampled", "sampled"}) {
        try (FilterBenchmark.Exchange exchange = new FilterBenchmark.Exchange(size, mode)) {
          for (int i = 0; i < warmup; i++) {
            exchange.serve();
          }
          long before = threads.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < measured; i++) {
            exchange.serve();
          }
          double perRequest = (threads.getCurrentThreadAllocatedBytes() - before) / (double) measured;
          if ("none".equals(mode)) {
            none = perRequest;
          }
          double added = perRequest - none;
          String beyondCopy = "sampled".equals(mode) ? String.format(Locale.ROOT, "%.0f", added - size) : "";
          rows.add(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %s |", size, mode, perRequest, added, beyondCopy));
        }
      }
    }
    System.out.println("| body bytes | mode | B/request (request thread) | added over none | added beyond the copied body |");
    System.out.println("| ---: | --- | ---: | ---: | ---: |");
    rows.forEach(System.out::println);
  }
}
