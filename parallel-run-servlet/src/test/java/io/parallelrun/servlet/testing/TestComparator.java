package io.parallelrun.servlet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.HeaderRules;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small explicit comparator for tests: status; headers (default ignored list, names
 * case-insensitive, content type lower-cased without spaces); JSON bodies as trees (key order
 * ignored, numbers by value) with a JSON Pointer per difference; other bodies as bytes.
 */
public final class TestComparator implements ResponseComparator {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HeaderRules headerRules;

  public TestComparator(HeaderRules headerRules) {
    this.headerRules = headerRules;
  }

  public TestComparator() {
    this(HeaderRules.defaults());
  }

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    List<Difference> differences = new ArrayList<>();
    if (legacy.status() != candidate.status()) {
      differences.add(Difference.of(Difference.Axis.STATUS, "", "" + legacy.status(), "" + candidate.status()));
    }
    Set<String> names = new TreeSet<>();
    legacy.headers().names().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    candidate.headers().names().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    for (String name : names) {
      if (headerRules.isIgnored(name)) {
        continue;
      }
      String a = headerValue(name, legacy.headers().all(name));
      String b = headerValue(name, candidate.headers().all(name));
      if (!a.equals(b)) {
        differences.add(Difference.of(Difference.Axis.HEADERS, name, a.isEmpty() ? null : a, b.isEmpty() ? null : b));
      }
    }
    String contentType = legacy.headers().first("Content-Type");
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
      try {
        diff("", MAPPER.readTree(legacy.body() == null ? new byte[0] : legacy.body()),
            MAPPER.readTree(candidate.body() == null ? new byte[0] : candidate.body()), differences);
      } catch (IOException e) {
        differences.add(Difference.of(Difference.Axis.BODY, "", "unparsable", "unparsable"));
      }
    } else if (!Arrays.equals(legacy.body(), candidate.body())) {
      differences.add(Difference.of(Difference.Axis.BODY, "", "bytes", "other bytes"));
    }
    return MatchResult.of(differences);
  }

  private static String headerValue(String name, List<String> values) {
    String joined = String.join(",", values);
    return name.equals("content-type") ? joined.toLowerCase(Locale.ROOT).replace(" ", "") : joined;
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<Difference> out) {
    if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
      if (!(a == null && b == null)) {
        out.add(Difference.of(Difference.Axis.BODY, path, a == null ? null : a.toString(), b == null ? null : b.toString()));
      }
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        diff(path + "/" + key.replace("~", "~0").replace("/", "~1"), a.get(key), b.get(key), out);
      }
    } else if (a.isArray() && b.isArray()) {
      Iterator<JsonNode> ia = a.elements();
      Iterator<JsonNode> ib = b.elements();
      int i = 0;
      while (ia.hasNext() || ib.hasNext()) {
        diff(path + "/" + i++, ia.hasNext() ? ia.next() : null, ib.hasNext() ? ib.next() : null, out);
      }
    } else if (a.isNumber() && b.isNumber()) {
      if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
        out.add(Difference.of(Difference.Axis.BODY, path, a.toString(), b.toString()));
      }
    } else if (!a.equals(b)) {
      out.add(Difference.of(Difference.Axis.BODY, path, a.toString(), b.toString()));
    }
  }
}
