package io.parallelrun.spring;

import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.capture.OperationResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names a captured request's operation after Spring MVC's best matching pattern, when no
 * configured route named it: {@code GET /returns/{id}} is the id of {@code @GetMapping("/returns/{id}")}.
 *
 * <p>The id is the method, a space, then the pattern as written, except that a path variable keeps
 * only its name ({@code {id:\d+}} becomes {@code {id}}, {@code {*rest}} stays as it is) and any
 * character an operation id may not hold ({@link OperationPolicies#OPERATION_ID}: quotes, backslashes,
 * control or non-ASCII characters, {@code %}, {@code ~}, ...) becomes {@code _}. An id longer than
 * {@value OperationPolicies#MAX_OPERATION_ID_LENGTH} characters is cut and ends in a hash of the whole.
 * Requests that no handler method matched ({@code /**}, as static resources and 404 answers get)
 * stay {@code unmapped}, so a raw path never becomes a metric tag.
 *
 * <p>Thread-safe; the ids of at most {@value #MAX_CACHED} patterns are cached.
 */
public final class SpringMvcOperationResolver implements OperationResolver {

  static final int MAX_CACHED = 1024;
  private static final int MAX_LENGTH = OperationPolicies.MAX_OPERATION_ID_LENGTH;

  private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

  @Override
  public String resolve(HttpServletRequest request, String routedOperationId) {
    if (!OperationRouter.UNMAPPED.equals(routedOperationId)) {
      return null;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (pattern == null) {
      return null;
    }
    String method = request.getMethod();
    String key = method + ' ' + pattern;
    String id = cache.get(key);
    if (id == null) {
      id = operationId(method, pattern.toString());
      if (id == null) {
        return null;
      }
      if (cache.size() < MAX_CACHED) {
        cache.putIfAbsent(key, id);
      }
    }
    return id;
  }

  /**
   * The operation id of a method and a Spring MVC path pattern, or {@code null} for the catch-all
   * pattern {@code /**}.
   */
  public static String operationId(String method, String pattern) {
    String path = pattern.trim();
    if (path.isEmpty() || "/**".equals(path) || "**".equals(path)) {
      return null;
    }
    StringBuilder id = new StringBuilder(method.length() + 1 + path.length());
    appendPlain(id, method.trim().toUpperCase(Locale.ROOT), false);
    id.append(' ');
    int i = 0;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '{') {
        int depth = 0;
        int end = i;
        for (; end < n; end++) {
          char d = path.charAt(end);
          if (d == '{') {
            depth++;
          } else if (d == '}' && --depth == 0) {
            break;
          }
        }
        String variable = path.substring(i + 1, Math.min(end, n));
        int colon = variable.indexOf(':');
        String name = (colon >= 0 ? variable.substring(0, colon) : variable).trim();
        id.append('{');
        if (name.startsWith("*")) {
          id.append('*');
          name = name.substring(1);
        }
        appendPlain(id, name, false);
        id.append('}');
        i = end + 1;
      } else {
        appendPlain(id, String.valueOf(c), true);
        i++;
      }
    }
    String result = id.toString();
    if (result.length() > MAX_LENGTH) {
      CRC32 crc = new CRC32();
      crc.update(result.getBytes(StandardCharsets.UTF_8));
      String hash = String.format("%08x", crc.getValue());
      result = result.substring(0, MAX_LENGTH - hash.length() - 1) + '-' + hash;
    }
    return OperationPolicies.isValidOperationId(result) ? result : null;
  }

  /** Appends {@code text}, each character an operation id may not hold (or a brace) as {@code _}. */
  private static void appendPlain(StringBuilder id, String text, boolean path) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':'
          || (path && (c == '/' || c == '*' || c == ' '));
      id.append(plain ? c : '_');
    }
  }
}
