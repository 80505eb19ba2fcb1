package io.parallelrun.servlet.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them
 * (taking one runs a full GC), and what grew between two of them: the first thing to look at when
 * a soak's heap grows.
 */
public final class ClassHistogram {

  private final Map<String, long[]> byClass;

  private ClassHistogram(Map<String, long[]> byClass) {
    this.byClass = byClass;
  }

  /** Takes a histogram of the live objects, through the HotSpot diagnostic command MBean. */
  public static ClassHistogram take() {
    String text;
    try {
      text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("this JVM has no class histogram command", e);
    }
    Map<String, long[]> byClass = new HashMap<>();
    for (String line : text.split("\n")) {
      // "   1:        123456       7890123  java.lang.String (java.base@21)"
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && !f[0].equals("Total")) {
        byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return new ClassHistogram(byClass);
  }

  /** The {@code limit} classes whose live bytes grew most from {@code before} to this one, one per line. */
  public String growthSince(ClassHistogram before, int limit) {
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    for (Map.Entry<String, long[]> e : byClass.entrySet()) {
      long[] then = before.byClass.getOrDefault(e.getKey(), new long[2]);
      grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - then[0], e.getValue()[1] - then[1]}));
    }
    grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(limit, grown.size()))) {
      out.append(String.format("%+,14d B %+,11d  %s%n", e.getValue()[1], e.getValue()[0], e.getKey()));
    }
    return out.toString();
  }
}
