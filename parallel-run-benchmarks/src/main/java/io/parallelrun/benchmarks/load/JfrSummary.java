package io.parallelrun.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** A Markdown summary of a JFR recording's execution samples: by thread, hottest frames, library frames. */
public final class JfrSummary {

  private JfrSummary() {}

  public static String summarise(Path recording, int rows) throws IOException {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> library = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      if (!"jdk.ExecutionSample".equals(type)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      String thread = group(event.getThread("sampledThread").getJavaName());
      threads.merge(thread, 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(thread + " | " + name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith("io.parallelrun.") && !name.startsWith("io.parallelrun.benchmarks.") && seen.add(name)) {
          library.merge(thread + " | " + name, 1, Integer::sum);
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%d execution samples.%n%n| thread | share of samples |%n| --- | ---: |%n", samples));
    for (Map.Entry<String, Integer> e : top(threads, rows)) {
      md.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / samples));
    }
    md.append("\nHottest frames (self):\n\n| thread | frame | share |\n| --- | --- | ---: |\n");
    for (Map.Entry<String, Integer> e : top(self, rows)) {
      String[] parts = e.getKey().split(" \\| ", 2);
      md.append(String.format(Locale.ROOT, "| %s | `%s` | %.1f%% |%n", parts[0], parts[1], 100.0 * e.getValue() / samples));
    }
    md.append("\nLibrary frames (inclusive: the frame or anything it called):\n\n| thread | frame | share |\n| --- | --- | ---: |\n");
    for (Map.Entry<String, Integer> e : top(library, rows)) {
      String[] parts = e.getKey().split(" \\| ", 2);
      md.append(String.format(Locale.ROOT, "| %s | `%s` | %.1f%% |%n", parts[0], parts[1], 100.0 * e.getValue() / samples));
    }
    return md.toString();
  }

  private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int rows) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .toList();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** Thread names without their numbers, so that pools read as one. */
  private static String group(String thread) {
    return thread == null ? "?" : thread.replaceAll("[0-9]+", "N");
  }

  /**
   * JVM options that record from the start ({@code settings=profile}) into {@code file}. A recording
   * started later with jcmd instruments socket classes and throws away compiled code, which cost
   * the profiled process a fifth of its rate for most of a round.
   */
  static List<String> fromStart(Path file) {
    return List.of("-XX:StartFlightRecording=name=bench,settings=profile,filename=" + file.toAbsolutePath());
  }

  /** Stops (and writes) the recording started by {@link #fromStart}. */
  static void stop(long pid) throws IOException, InterruptedException {
    Processes.run(List.of(jcmd(), Long.toString(pid), "JFR.stop", "name=bench"));
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  public static void main(String[] args) throws IOException {
    System.out.print(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15));
  }
}
