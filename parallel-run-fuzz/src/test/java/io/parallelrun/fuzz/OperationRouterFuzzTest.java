package io.parallelrun.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parallelrun.core.operation.OperationRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for {@link OperationRouter}: arbitrary templates (made up, or assembled from
 * segments that are valid, nearly valid or odd), then arbitrary request targets and methods.
 * Declaring a route throws nothing but the documented {@link IllegalArgumentException}; a lookup
 * never throws and agrees with {@link ReferenceRouter}, which tries every route and ranks the
 * matches by the documented precedence.
 */
class OperationRouterFuzzTest {

  private static final String[] SEGMENTS = {
    "a", "b", "returns", "{id}", "{x}", "{y_1}", "*", "**", "", "{", "}", "{}", "{a}{b}", "a*", "*a",
    "{a", "a}", "%2e", ".", "..", "é", "a;b", "a?b", "a#b", "a b", "{a-b.c}", "{é}", "{{a}}",
  };

  private static final String[] METHODS = {
    "", "GET ", "get ", "POST ", "Delete ", "OPTIONS ", "TRACE ", "CONNECT ", "FOO ", "GET", "GET  ", " GET ",
    "GET\t", "POſT ", "OPTıONS ", "HEAD ", "PATCH ", "PUT ",
  };

  private static final String[] REQUEST_METHODS = {
    "GET", "get", "POST", "PoSt", "DELETE", "HEAD", "OPTIONS", "PATCH", "PUT", "TRACE", "CONNECT", "FOO", "",
    "POſT", "OPTıONS", null,
  };

  @FuzzTest
  void lookupsAgreeWithAReference(FuzzedDataProvider data) {
    OperationRouter.Builder builder = OperationRouter.builder();
    int routes = data.consumeInt(0, 12);
    for (int i = 0; i < routes; i++) {
      String template = template(data);
      String operationId = "op" + data.consumeInt(0, routes);
      try {
        builder.route(template, operationId);
      } catch (IllegalArgumentException documented) {
        assertThat(documented.getMessage()).isNotBlank();
        continue;
      }
      assertThat(ReferenceRouter.hasKnownMethodOrNone(template))
          .as("accepted template '%s' names a known method, in ASCII letters of any case, or none", template)
          .isTrue();
    }
    OperationRouter router = builder.build();
    ReferenceRouter reference = new ReferenceRouter(router.routes());

    int lookups = data.consumeInt(1, 8);
    for (int i = 0; i < lookups; i++) {
      String method = data.pickValue(REQUEST_METHODS);
      String target = requestTarget(data);
      assertThat(router.operationFor(method, target))
          .as("%s %s with %s", method, target, router.routes())
          .isEqualTo(reference.operationFor(method, target));
    }
  }

  private static String template(FuzzedDataProvider data) {
    if (data.consumeInt(0, 9) == 0) {
      return data.consumeString(40);
    }
    StringBuilder template = new StringBuilder(data.pickValue(METHODS));
    int segments = data.consumeInt(0, 5);
    for (int i = 0; i < segments; i++) {
      template.append('/').append(segment(data));
    }
    if (segments == 0 || data.consumeInt(0, 7) == 0) {
      template.append('/');
    }
    return template.toString();
  }

  private static String segment(FuzzedDataProvider data) {
    int choice = data.consumeInt(0, 5);
    if (choice == 0) {
      return data.consumeString(6);
    }
    return data.pickValue(SEGMENTS);
  }

  private static String requestTarget(FuzzedDataProvider data) {
    if (data.consumeInt(0, 5) == 0) {
      return data.consumeString(40);
    }
    StringBuilder target = new StringBuilder();
    int segments = data.consumeInt(0, 6);
    for (int i = 0; i < segments; i++) {
      if (i > 0 || data.consumeInt(0, 7) != 0) {
        target.append('/');
      }
      target.append(data.pickValue(new String[] {"a", "b", "returns", "42", "x", "", "a;v=1", ";m", "é", "*", "**", "{id}", "%2e"}));
    }
    switch (data.consumeInt(0, 5)) {
      case 0 -> target.append('/');
      case 1 -> target.append("?q=a/b");
      case 2 -> target.append("#frag/x");
      case 3 -> target.append("/?");
      default -> { }
    }
    return target.toString();
  }

  /**
   * The router's contract, written plainly: split the target as documented, test every route,
   * keep the most specific match.
   */
  static final class ReferenceRouter {
    private static final int CATCH_ALL = 1;
    private static final int VARIABLE = 3;
    private static final int LITERAL = 4;
    /** Where a template ended before the path did not end: ranked between a variable and {@code **}. */
    private static final int ENDED = 2;

    private final List<OperationRouter.Route> routes;

    ReferenceRouter(List<OperationRouter.Route> routes) {
      this.routes = routes;
    }

    String operationFor(String method, String target) {
      if (target == null) {
        return OperationRouter.UNMAPPED;
      }
      List<String> segments = split(target);
      OperationRouter.Route best = null;
      for (OperationRouter.Route route : routes) {
        if (route.method() != null && !asciiEqualsIgnoreCase(route.method(), method)) {
          continue;
        }
        if (!matches(route, segments)) {
          continue;
        }
        if (best == null) {
          best = route;
          continue;
        }
        int order = compare(route, best, segments.size());
        if (order > 0 || (order == 0 && route.method() != null && best.method() == null)) {
          best = route;
        }
      }
      return best == null ? OperationRouter.UNMAPPED : best.operationId();
    }

    static List<String> split(String target) {
      String path = target;
      int cut = indexOfAny(path, "?#");
      if (cut >= 0) {
        path = path.substring(0, cut);
      }
      if (path.startsWith("/")) {
        path = path.substring(1);
      }
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      List<String> segments = new ArrayList<>();
      if (path.isEmpty()) {
        return segments;
      }
      for (String segment : path.split("/", -1)) {
        int semicolon = segment.indexOf(';');
        segments.add(semicolon < 0 ? segment : segment.substring(0, semicolon));
      }
      return segments;
    }

    private static List<String> templateSegments(OperationRouter.Route route) {
      String path = route.path();
      List<String> segments = new ArrayList<>();
      if (path.equals("/")) {
        return segments;
      }
      for (String segment : path.substring(1).split("/", -1)) {
        segments.add(segment);
      }
      return segments;
    }

    private static int kind(String templateSegment) {
      if (templateSegment.equals("**")) {
        return CATCH_ALL;
      }
      if (templateSegment.equals("*") || templateSegment.startsWith("{")) {
        return VARIABLE;
      }
      return LITERAL;
    }

    static boolean matches(OperationRouter.Route route, List<String> path) {
      List<String> template = templateSegments(route);
      for (int i = 0; i < template.size(); i++) {
        String segment = template.get(i);
        int kind = kind(segment);
        if (kind == CATCH_ALL) {
          return true;
        }
        if (i >= path.size()) {
          return false;
        }
        if (kind == VARIABLE ? path.get(i).isEmpty() : !segment.equals(path.get(i))) {
          return false;
        }
      }
      return template.size() == path.size();
    }

    /** Both routes match the same path: positive when {@code a} is the more specific. */
    private static int compare(OperationRouter.Route a, OperationRouter.Route b, int pathLength) {
      List<String> sa = templateSegments(a);
      List<String> sb = templateSegments(b);
      for (int i = 0; i <= pathLength; i++) {
        int ka = i < sa.size() ? kind(sa.get(i)) : ENDED;
        int kb = i < sb.size() ? kind(sb.get(i)) : ENDED;
        if (ka != kb) {
          return Integer.compare(ka, kb);
        }
        if (ka == CATCH_ALL || ka == ENDED) {
          return 0;
        }
      }
      return 0;
    }

    private static boolean asciiEqualsIgnoreCase(String upperCaseAscii, String method) {
      if (method == null || method.length() != upperCaseAscii.length()) {
        return false;
      }
      for (int i = 0; i < method.length(); i++) {
        char c = method.charAt(i);
        char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
        if (upper != upperCaseAscii.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether the template starts with its path or with a method named in ASCII letters. */
    static boolean hasKnownMethodOrNone(String template) {
      String text = template.strip();
      if (text.startsWith("/")) {
        return true;
      }
      int end = 0;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      String word = text.substring(0, end);
      for (String known : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"}) {
        if (asciiEqualsIgnoreCase(known, word)) {
          return true;
        }
      }
      return false;
    }

    private static int indexOfAny(String s, String chars) {
      for (int i = 0; i < s.length(); i++) {
        if (chars.indexOf(s.charAt(i)) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }
}
