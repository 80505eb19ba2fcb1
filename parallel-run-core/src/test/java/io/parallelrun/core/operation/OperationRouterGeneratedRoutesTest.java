package io.parallelrun.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the trie against a plain reference: every route is tried, the matches are ranked by the
 * documented precedence, and the best is expected.
 */
class OperationRouterGeneratedRoutesTest {

  private static final String[] WORDS = {"returns", "orders", "items", "a", "b", "c", "summary", "v1"};
  private static final String[] METHODS = {null, null, "GET", "POST", "DELETE"};

  @Test
  void fiveHundredGeneratedRoutesAgreeWithAReferenceOnASampleOfLookups() {
    Random random = new Random(20240611L);
    Map<String, String> declared = new LinkedHashMap<>();
    List<String[]> routes = new ArrayList<>(); // {method or null, path, id, shape}
    OperationRouter.Builder builder = OperationRouter.builder();
    int attempts = 0;
    while (routes.size() < 500) {
      attempts++;
      String method = METHODS[random.nextInt(METHODS.length)];
      String path = randomTemplatePath(random);
      String key = method + " " + shape(path);
      if (declared.containsKey(key)) {
        continue;
      }
      String id = "op" + routes.size();
      declared.put(key, id);
      routes.add(new String[] {method, path, id, shape(path)});
      builder.route(method == null ? path : method + " " + path, id);
    }
    OperationRouter router = builder.build();
    assertThat(router.routes()).hasSize(500);
    assertThat(attempts).isGreaterThanOrEqualTo(500);

    int mapped = 0;
    for (int i = 0; i < 3000; i++) {
      String method = new String[] {"GET", "POST", "PUT", "DELETE"}[random.nextInt(4)];
      String path = randomRequestPath(random);
      String expected = reference(routes, method, path);
      assertThat(router.operationFor(method, path)).as("%s %s", method, path).isEqualTo(expected);
      if (!expected.equals(OperationRouter.UNMAPPED)) {
        mapped++;
      }
    }
    // the sample exercises both outcomes, not only one
    assertThat(mapped).isBetween(300, 2700);

    // and every declared route is found from a path built from its own template
    for (String[] route : routes) {
      String path = route[1].replaceAll("\\{[a-z0-9]+\\}", "x1").replace("/**", "/tail/end").replace("*", "y2");
      String method = route[0] == null ? "PUT" : route[0];
      assertThat(router.operationFor(method, path)).isEqualTo(reference(routes, method, path));
    }
  }

  /** One to four segments; the first is a literal so that the sample also holds unmapped paths. */
  private static String randomTemplatePath(Random random) {
    int length = 1 + random.nextInt(4);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      path.append('/');
      if (i == length - 1 && i > 0 && kind == 0) {
        path.append("**");
      } else if (kind <= 2 && i > 0) {
        path.append(random.nextBoolean() ? "*" : "{v" + i + "}");
      } else {
        path.append(WORDS[random.nextInt(WORDS.length)]);
      }
    }
    return path.toString();
  }

  private static String randomRequestPath(Random random) {
    int length = random.nextInt(6);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < length; i++) {
      path.append('/');
      path.append(random.nextInt(5) == 0 ? "id" + random.nextInt(100) : WORDS[random.nextInt(WORDS.length)]);
    }
    if (path.length() == 0) {
      path.append('/');
    } else if (random.nextInt(8) == 0) {
      path.append('/');
    }
    if (random.nextInt(6) == 0) {
      path.append("?q=").append(random.nextInt(10));
    }
    return path.toString();
  }

  /** The path with every variable written as '*', so that equivalent templates compare equal. */
  private static String shape(String path) {
    return path.replaceAll("\\{[a-z0-9]+\\}", "*");
  }

  /** Brute force: collect every matching route, keep the most specific, method breaks ties. */
  private static String reference(List<String[]> routes, String method, String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] segments = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
    String[] best = null;
    int[] bestRank = null;
    for (String[] route : routes) {
      if (route[0] != null && !route[0].equals(method.toUpperCase(Locale.ROOT))) {
        continue;
      }
      int[] rank = rank(route[3], segments);
      if (rank == null) {
        continue;
      }
      int c = best == null ? 1 : compare(rank, bestRank);
      if (c > 0 || (c == 0 && route[0] != null && best[0] == null)) {
        best = route;
        bestRank = rank;
      }
    }
    return best == null ? OperationRouter.UNMAPPED : best[2];
  }

  /**
   * The kinds of segments used to match (3 literal, 2 one-segment wildcard, 1 '**', 4 for the end of
   * an exact match), or null when the template does not match.
   */
  private static int[] rank(String template, String[] segments) {
    String[] parts = template.substring(1).split("/", -1);
    int[] rank = new int[parts.length + 1];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("**")) {
        rank[i] = 1;
        return java.util.Arrays.copyOf(rank, i + 1);
      }
      if (i >= segments.length) {
        return null;
      }
      if (parts[i].equals("*")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        rank[i] = 2;
      } else if (parts[i].equals(segments[i])) {
        rank[i] = 3;
      } else {
        return null;
      }
    }
    if (parts.length != segments.length) {
      return null;
    }
    rank[parts.length] = 4;
    return rank;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
