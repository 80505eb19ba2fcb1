package io.parallelrun.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Child JVMs, their CPU time and small HTTP look-ups, for the load drivers. */
final class Processes {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long TICKS_PER_SECOND = clockTicks();

  private Processes() {}

  /** A child JVM with this class path, running {@code mainClass}; waits for its {@code PORT=} line. */
  static Child startJava(String mainClass, List<String> jvmOptions, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT=")) {
        int port = Integer.parseInt(line.substring(5).trim());
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (IOException e) {
            // the child ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return new Child(process, port);
      }
    }
    throw new IOException(mainClass + " ended before it listened");
  }

  /** Seconds of CPU (user + system) the process used so far, from {@code /proc/<pid>/stat}. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / (double) TICKS_PER_SECOND;
  }

  /** The group of the JIT compiler's threads in {@link #threadCpuNanos}. */
  static final String JIT_THREADS = "JIT compiler";

  /**
   * Nanoseconds of CPU each group of the process's threads used so far, from {@code
   * /proc/<pid>/task/<tid>/schedstat} (its first field: time on a CPU), grouped by thread name. A
   * thread that ended takes its time with it, so compare groups whose threads live through a run.
   */
  static Map<String, Long> threadCpuNanos(long pid) throws IOException {
    Map<String, Long> groups = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
          groups.merge(threadGroup(name), nanos, Long::sum);
        } catch (IOException e) {
          // the thread ended between listing and reading
        }
      }
    }
    return groups;
  }

  private static String threadGroup(String name) {
    if (name.startsWith("qtp")) {
      return "Jetty (request and selector threads)";
    } else if (name.startsWith("parallel-run-")) {
      return "parallel-run publisher";
    } else if (name.startsWith("HttpClient")) {
      return "JDK HttpClient selector";
    } else if (name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "garbage collector";
    } else if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
      return JIT_THREADS;
    }
    return "other JVM threads";
  }

  /** {@code after - before} per key. */
  static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
    return delta;
  }

  static String get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Runs a command and returns what it printed (stdout and stderr). */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    process.waitFor();
    return new String(out, StandardCharsets.UTF_8);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long clockTicks() {
    try {
      return Long.parseLong(run(List.of("getconf", "CLK_TCK")).trim());
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return 100;
    }
  }

  static long jsonLong(String json, String field) {
    int i = json.indexOf("\"" + field + "\":");
    if (i < 0) {
      return -1;
    }
    int start = i + field.length() + 3;
    int end = start;
    while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(json.substring(start, end));
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** A child process listening on a port. */
  static final class Child implements AutoCloseable {
    final Process process;
    final int port;

    Child(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
