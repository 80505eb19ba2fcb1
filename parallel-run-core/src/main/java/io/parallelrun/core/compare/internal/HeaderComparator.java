package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.HeaderRules;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares header fields that are not ignored: names case-insensitive, the values of a name as an
 * ordered list (each value without surrounding whitespace), {@code Content-Type} as a normalised
 * media type. A difference's path is the lower-case header name. Immutable and thread-safe.
 */
public final class HeaderComparator implements ResponseComparator {

  private final HeaderRules rules;

  public HeaderComparator(HeaderRules rules) {
    this.rules = rules;
  }

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    HttpHeaders l = legacy.headers();
    HttpHeaders c = candidate.headers();
    MatchResult.Builder result = null;
    for (String name : l.names()) {
      if (rules.isIgnored(name)) {
        continue;
      }
      List<String> lv = l.all(name);
      List<String> cv = c.all(name);
      if (!sameValues(name, lv, cv)) {
        result = add(result, name, render(lv), cv.isEmpty() ? null : render(cv));
      }
    }
    for (String name : c.names()) {
      if (!l.contains(name) && !rules.isIgnored(name)) {
        result = add(result, name, null, render(c.all(name)));
      }
    }
    return result == null ? MatchResult.matched() : result.build();
  }

  private static MatchResult.Builder add(MatchResult.Builder result, String name, String lv, String cv) {
    MatchResult.Builder b = result == null ? MatchResult.builder() : result;
    b.add(Difference.of(Difference.Axis.HEADERS, name.toLowerCase(Locale.ROOT), lv, cv));
    return b;
  }

  private static boolean sameValues(String name, List<String> lv, List<String> cv) {
    if (lv.size() != cv.size()) {
      return false;
    }
    boolean contentType = name.equalsIgnoreCase("Content-Type");
    for (int i = 0; i < lv.size(); i++) {
      String a = lv.get(i);
      String b = cv.get(i);
      if (a.equals(b)) {
        continue;
      }
      if (contentType) {
        if (!MediaType.parse(a).normalised().equals(MediaType.parse(b).normalised())) {
          return false;
        }
      } else if (!a.strip().equals(b.strip())) {
        return false;
      }
    }
    return true;
  }

  /** One value as it is; several as {@code ["a", "b"]}. */
  static String render(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    List<String> quoted = new ArrayList<>(values.size());
    for (String v : values) {
      quoted.add(JsonText.quote(v));
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  @Override
  public String toString() {
    return "headers(" + rules + ")";
  }
}
