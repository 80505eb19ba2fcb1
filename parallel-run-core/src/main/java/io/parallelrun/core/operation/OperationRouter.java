package io.parallelrun.core.operation;

import io.parallelrun.core.payload.CapturedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a request's method and path to an operation id through route templates such as
 * {@code GET /returns/{id}}.
 *
 * <pre>{@code
 * OperationRouter router = OperationRouter.builder()
 *     .route("GET /returns/{id}", "getReturn")
 *     .route("/returns/{id}/items/*", "returnItems")
 *     .route("/static/**", "static")
 *     .build();
 * router.operationFor("GET", "/returns/42?lang=de");   // "getReturn"
 * router.operationFor("GET", "/orders/7");             // "unmapped"
 * }</pre>
 *
 * <h2>Templates</h2>
 *
 * <p>A template is an optional HTTP method ({@code GET}, {@code HEAD}, {@code POST}, {@code PUT},
 * {@code DELETE}, {@code PATCH}, {@code OPTIONS}, {@code TRACE} or {@code CONNECT}, in ASCII letters of any case)
 * and a space, then a path that starts with {@code /}. Without a method the route matches every
 * method. The path is a sequence of segments separated by {@code /}:
 *
 * <ul>
 *   <li>a literal, compared exactly and case-sensitively with the request's segment, without
 *       percent-decoding either side;
 *   <li>{@code {name}}, a variable: any one non-empty segment (the name only documents it);
 *   <li>{@code *}: any one non-empty segment, like a variable;
 *   <li>{@code **}, only as the last segment: zero or more remaining segments.
 * </ul>
 *
 * <p>One trailing {@code /} is ignored, so {@code /returns/} and {@code /returns} are the same
 * template. A template is rejected with an {@link IllegalArgumentException} naming it and the
 * problem when it is empty, has an unknown method, lacks the leading {@code /}, contains
 * whitespace inside, an empty segment, a query ({@code ?}), a fragment ({@code #}) or matrix
 * parameters ({@code ;}), unbalanced braces, a variable that is not a whole segment or that
 * repeats a name, a {@code *} that is not a whole segment, or a {@code **} that is not last; and
 * when it has the same method and path shape (variable names aside) as an earlier route with a
 * different operation id. Declaring the same route twice for the same operation is harmless.
 *
 * <h2>Matching</h2>
 *
 * <p>The request target is split into segments after dropping its query ({@code ?...}) and
 * fragment ({@code #...}), one trailing {@code /}, and any matrix parameters ({@code ;...}) in each
 * segment. A missing leading {@code /} is tolerated. Nothing is percent-decoded. A request no route
 * matches gets {@link #UNMAPPED}: the raw path never becomes an operation id.
 *
 * <h2>Precedence</h2>
 *
 * <p>When several routes match, the most specific wins:
 *
 * <ol>
 *   <li>Segments are compared from left to right, and the first position where two routes differ
 *       decides: a literal beats a variable or {@code *}, which beat {@code **}; a route that ends
 *       exactly where the path ends beats one whose trailing {@code **} matches nothing. So for
 *       {@code /returns/summary}, {@code /returns/summary} beats {@code /returns/{id}}, which
 *       beats {@code /returns/**}; and for {@code /a/b/c}, {@code /a/{x}/c} beats {@code
 *       /{x}/b/c}.
 *   <li>Only when two routes are equally specific by rule 1 (the same kind of segment at every
 *       position) does a route declared for the request's method beat a route for any method. A
 *       more specific route for any method beats a less specific one for the method: for {@code
 *       GET /returns/summary}, {@code /returns/summary} beats {@code GET /returns/{id}}.
 * </ol>
 *
 * <p>Rule 1 leaves at most one candidate per method, since two templates with the same kinds of
 * segments that match the same path are the same template.
 *
 * <h2>Cost</h2>
 *
 * <p>Routes are held in a segment trie per method plus one for routes without a method; literal
 * children are found by hash, and the search backtracks only where a literal path fails further
 * down. Each trie node is visited at most once per lookup, so a lookup costs about the same for
 * hundreds of routes as for ten, and it allocates nothing.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class OperationRouter {

  /** The operation id of a request that no route matches. */
  public static final String UNMAPPED = "unmapped";

  /** The methods a template may name, upper case. */
  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"
  };

  private static final OperationRouter EMPTY = new OperationRouter(List.of(), null, new RouteNode[METHODS.length]);

  private final List<Route> routes;
  /** The trie of routes without a method, or {@code null} when there are none. */
  private final RouteNode anyMethod;
  /** The trie per method, indexed like {@link #METHODS}; {@code null} entries when there are none. */
  private final RouteNode[] byMethod;

  private OperationRouter(List<Route> routes, RouteNode anyMethod, RouteNode[] byMethod) {
    this.routes = routes;
    this.anyMethod = anyMethod;
    this.byMethod = byMethod;
  }

  /** The router without routes: every request is {@link #UNMAPPED}. */
  public static OperationRouter empty() {
    return EMPTY;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The operation id of a request, or {@link #UNMAPPED} when no route matches.
   *
   * <p>Allocates nothing; safe to call on the request thread.
   *
   * @param method the HTTP method, in any case; {@code null} or an unknown method only matches
   *     routes without a method
   * @param pathOrTarget the path, with or without query; {@code null} gives {@link #UNMAPPED}
   */
  public String operationFor(String method, String pathOrTarget) {
    if (pathOrTarget == null) {
      return UNMAPPED;
    }
    int end = pathOrTarget.length();
    for (int i = 0; i < end; i++) {
      char c = pathOrTarget.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int start = end > 0 && pathOrTarget.charAt(0) == '/' ? 1 : 0;
    if (end > start && pathOrTarget.charAt(end - 1) == '/') {
      end--;
    }
    // pos > end means no segment is left: the root path has none.
    int first = start < end ? start : end + 1;

    Route best = null;
    RouteNode specific = method == null ? null : trieFor(method);
    if (specific != null) {
      best = RouteNode.find(specific, pathOrTarget, first, end);
    }
    if (anyMethod != null) {
      Route any = RouteNode.find(anyMethod, pathOrTarget, first, end);
      if (any != null && (best == null || compareSpecificity(any, best) > 0)) {
        best = any;
      }
    }
    return best == null ? UNMAPPED : best.operationId;
  }

  /** The operation id of a captured request: {@code operationFor(request.method(), request.target())}. */
  public String operationFor(CapturedRequest request) {
    return operationFor(request.method(), request.target());
  }

  /** The routes, in the order they were declared, without repeated declarations. */
  public List<Route> routes() {
    return routes;
  }

  /** Whether the router has no route at all. */
  public boolean isEmpty() {
    return routes.isEmpty();
  }

  @Override
  public String toString() {
    return "OperationRouter" + routes;
  }

  private RouteNode trieFor(String method) {
    int index = methodIndex(method);
    return index < 0 ? null : byMethod[index];
  }

  /**
   * The index in {@link #METHODS} of a method name in ASCII letters of any case, or -1. Not {@link
   * String#equalsIgnoreCase} nor {@link String#toUpperCase}: they fold non-ASCII letters such as
   * {@code 'ı'} and {@code 'ſ'} into {@code 'I'} and {@code 'S'}, so {@code OPTıONS} would be
   * {@code OPTIONS}.
   */
  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (asciiEqualsIgnoreCase(METHODS[i], method)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean asciiEqualsIgnoreCase(String upperCase, String s) {
    if (s.length() != upperCase.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - ('a' - 'A'));
      }
      if (c != upperCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Positive when {@code a} is more specific than {@code b}, negative when less, zero when equally
   * specific. Both must match the same path.
   */
  static int compareSpecificity(Route a, Route b) {
    int common = Math.min(a.kinds.length, b.kinds.length);
    for (int i = 0; i < common; i++) {
      if (a.kinds[i] != b.kinds[i]) {
        return a.kinds[i] - b.kinds[i];
      }
    }
    // Matching the same path, a longer one ends with a ** that matches nothing: the shorter wins.
    return b.kinds.length - a.kinds.length;
  }

  /**
   * One route: an optional method, a path template and the operation id it maps to.
   *
   * <p>Instances are immutable and thread-safe.
   */
  public static final class Route {

    static final byte CATCH_ALL = 1;
    static final byte VARIABLE = 2;
    static final byte LITERAL = 3;

    private final String method;
    private final String path;
    private final String operationId;
    private final String[] segments;
    private final byte[] kinds;

    private Route(String method, String path, String operationId, String[] segments, byte[] kinds) {
      this.method = method;
      this.path = path;
      this.operationId = operationId;
      this.segments = segments;
      this.kinds = kinds;
    }

    /** The method, upper case, or {@code null} when the route matches every method. */
    public String method() {
      return method;
    }

    /** The path template, normalised (without a trailing {@code /}), for example {@code /returns/{id}}. */
    public String path() {
      return path;
    }

    /** The operation id. */
    public String operationId() {
      return operationId;
    }

    /** The normalised template: the method, if any, a space, then {@link #path()}. */
    public String template() {
      return method == null ? path : method + " " + path;
    }

    int segmentCount() {
      return segments.length;
    }

    String segment(int i) {
      return segments[i];
    }

    boolean isLiteral(int i) {
      return kinds[i] == LITERAL;
    }

    boolean endsWithCatchAll() {
      return kinds.length > 0 && kinds[kinds.length - 1] == CATCH_ALL;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Route)) {
        return false;
      }
      Route other = (Route) o;
      return Objects.equals(method, other.method) && path.equals(other.path) && operationId.equals(other.operationId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, path, operationId);
    }

    @Override
    public String toString() {
      return template() + " -> " + operationId;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and the problem
     */
    static Route parse(String template, String operationId) {
      if (template == null) {
        throw new IllegalArgumentException("route template for operation '" + operationId + "' must not be null");
      }
      String text = template.strip();
      if (text.isEmpty()) {
        throw problem(template, "is empty");
      }
      String method = null;
      String path = text;
      if (text.charAt(0) != '/') {
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
          space++;
        }
        String word = text.substring(0, space);
        int index = methodIndex(word);
        boolean known = index >= 0;
        path = text.substring(space).strip();
        if (space == text.length() || path.isEmpty()) {
          throw problem(template, known ? "has a method but no path" : "has a path that does not start with '/'");
        }
        if (!known) {
          throw problem(template, "has an unknown HTTP method '" + word + "' (expected one of " + String.join(", ", METHODS) + ")");
        }
        if (path.charAt(0) != '/') {
          throw problem(template, "has a path that does not start with '/'");
        }
        method = METHODS[index];
      }
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        if (Character.isWhitespace(c)) {
          throw problem(template, "contains whitespace inside the path at offset " + i);
        }
        if (c == '?') {
          throw problem(template, "contains a query ('?'); routes match the path only");
        }
        if (c == '#') {
          throw problem(template, "contains a fragment ('#')");
        }
        if (c == ';') {
          throw problem(template, "contains matrix parameters (';'); they are ignored when matching and must not be in a template");
        }
      }
      if (path.length() > 1 && path.charAt(path.length() - 1) == '/') {
        path = path.substring(0, path.length() - 1);
      }
      String[] segments = path.length() == 1 ? new String[0] : path.substring(1).split("/", -1);
      byte[] kinds = new byte[segments.length];
      Set<String> variables = new HashSet<>();
      for (int i = 0; i < segments.length; i++) {
        String segment = segments[i];
        if (segment.isEmpty()) {
          throw problem(template, "has an empty segment ('//')");
        }
        if (segment.equals("**")) {
          if (i != segments.length - 1) {
            throw problem(template, "has '**' before the last segment; '**' may only be the last segment");
          }
          kinds[i] = CATCH_ALL;
        } else if (segment.equals("*")) {
          kinds[i] = VARIABLE;
        } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
          kinds[i] = VARIABLE;
          checkVariable(template, segment, variables);
        } else if (segment.indexOf('*') >= 0) {
          throw problem(template, "has '*' inside segment '" + segment + "'; '*' and '**' must be whole segments");
        } else {
          kinds[i] = LITERAL;
        }
      }
      return new Route(method, path, OperationPolicies.checkOperationId(operationId), segments, kinds);
    }

    private static void checkVariable(String template, String segment, Set<String> variables) {
      int depth = 0;
      int opened = 0;
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '{') {
          depth++;
          opened++;
          if (depth > 1) {
            throw problem(template, "has nested braces in segment '" + segment + "'");
          }
        } else if (c == '}') {
          depth--;
          if (depth < 0) {
            throw problem(template, "has unbalanced braces in segment '" + segment + "' (a '}' without '{')");
          }
        }
      }
      if (depth != 0) {
        throw problem(template, "has unbalanced braces in segment '" + segment + "' (a '{' without '}')");
      }
      if (opened > 1 || segment.charAt(0) != '{' || segment.charAt(segment.length() - 1) != '}') {
        throw problem(template, "has a variable that is not a whole segment: '" + segment + "'");
      }
      String name = segment.substring(1, segment.length() - 1);
      if (name.isEmpty()) {
        throw problem(template, "has a variable without a name: '{}'");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok = c == '_' || c == '-' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!ok) {
          throw problem(template, "has an invalid variable name '" + name + "' (letters, digits, '_', '-' and '.' only)");
        }
      }
      if (!variables.add(name)) {
        throw problem(template, "repeats the variable '{" + name + "}'");
      }
    }

    private static IllegalArgumentException problem(String template, String problem) {
      return new IllegalArgumentException("route template '" + template + "' " + problem);
    }
  }

  /**
   * Collects routes and builds an {@link OperationRouter}. Each {@link #route} call checks its
   * template at once, so a bad template fails where it is declared. Not thread-safe.
   */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final RouteNode.Mutable anyMethod = new RouteNode.Mutable();
    private final RouteNode.Mutable[] byMethod = new RouteNode.Mutable[METHODS.length];

    private Builder() {}

    /**
     * Adds a route.
     *
     * @param template for example {@code GET /returns/{id}} or {@code /returns/{id}/items/*}
     * @param operationId the operation id, as {@link OperationPolicies#checkOperationId} accepts
     * @throws IllegalArgumentException naming the template and the problem, see {@link OperationRouter}
     */
    public Builder route(String template, String operationId) {
      Route route = Route.parse(template, operationId);
      RouteNode.Mutable trie;
      if (route.method == null) {
        trie = anyMethod;
      } else {
        int index = methodIndex(route.method);
        if (byMethod[index] == null) {
          byMethod[index] = new RouteNode.Mutable();
        }
        trie = byMethod[index];
      }
      if (trie.add(route)) {
        routes.add(route);
      }
      return this;
    }

    /**
     * Adds routes from a map of template to operation id, in the map's iteration order.
     *
     * @throws IllegalArgumentException as {@link #route} does
     */
    public Builder routes(Map<String, String> templateToOperationId) {
      Objects.requireNonNull(templateToOperationId, "templateToOperationId");
      templateToOperationId.forEach(this::route);
      return this;
    }

    /** Builds the router; the builder may be used on afterwards without affecting it. */
    public OperationRouter build() {
      if (routes.isEmpty()) {
        return EMPTY;
      }
      boolean anyMethodRoutes = false;
      RouteNode[] frozen = new RouteNode[METHODS.length];
      for (int i = 0; i < METHODS.length; i++) {
        frozen[i] = byMethod[i] == null ? null : byMethod[i].freeze();
      }
      for (Route route : routes) {
        anyMethodRoutes |= route.method == null;
      }
      return new OperationRouter(
          Collections.unmodifiableList(new ArrayList<>(routes)), anyMethodRoutes ? anyMethod.freeze() : null, frozen);
    }
  }
}
