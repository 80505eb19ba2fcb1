package io.parallelrun.core.compare.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Compares bodies as JSON under {@link BodyRules}. See {@code docs/comparison.md} for the
 * semantics. Identical bytes match without parsing. Otherwise both bodies must be exactly one
 * valid JSON value each, even where the rules ignore everything: a body that is empty or not JSON
 * on either side is one difference at the root path {@code ""}. Immutable and thread-safe.
 */
public final class JsonComparator implements ResponseComparator {

  static final JsonFactory FACTORY =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private static final int EXCERPT = 200;

  private final BodyRules rules;
  private final PathRules paths;

  public JsonComparator(BodyRules rules) {
    this.rules = rules;
    this.paths = new PathRules(rules.ignoredPaths(), rules.unorderedArrays());
  }

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    MatchResult truncated = Bodies.truncation(legacy, candidate);
    if (truncated != null) {
      return truncated;
    }
    return compareBodies(
        legacy.body(), legacy.headers().first("Content-Type"), candidate.body(), candidate.headers().first("Content-Type"));
  }

  /** Compares two whole bodies, each read in the charset of its own Content-Type value. */
  public MatchResult compareBodies(byte[] legacyBody, String legacyType, byte[] candidateBody, String candidateType) {
    byte[] l = Bodies.orEmpty(legacyBody);
    byte[] c = Bodies.orEmpty(candidateBody);
    if (Arrays.equals(l, c) && sameCharset(legacyType, candidateType)) {
      return MatchResult.matched();
    }
    Object ld = parse(l, legacyType);
    Object cd = parse(c, candidateType);
    if (!(ld instanceof JsonDoc) || !(cd instanceof JsonDoc)) {
      return MatchResult.of(
          List.of(Difference.of(Difference.Axis.BODY, "", describe(ld, l), describe(cd, c))));
    }
    if (paths.ignored(paths.root())) {
      return MatchResult.matched();
    }
    MatchResult.Builder out = MatchResult.builder(rules.maxDifferences());
    new JsonDiff((JsonDoc) ld, (JsonDoc) cd, rules.nullEqualsMissing(), out).run();
    return out.build();
  }

  private static boolean sameCharset(String legacyType, String candidateType) {
    return charset(legacyType).equals(charset(candidateType));
  }

  private static Charset charset(String contentType) {
    MediaType type = MediaType.parse(contentType);
    Charset declared = type == null ? null : type.charset();
    return MediaType.isJsonNative(declared) ? StandardCharsets.UTF_8 : declared;
  }

  /** A {@link JsonDoc}, or a {@link String} saying why the body is not JSON. */
  private Object parse(byte[] body, String contentType) {
    if (body.length == 0) {
      return "empty";
    }
    Charset charset = charset(contentType);
    if (charset.equals(StandardCharsets.UTF_8)) {
      try (JsonParser p = FACTORY.createParser(body)) {
        return JsonDoc.parse(p, body.length, paths, rules.nullEqualsMissing());
      } catch (IOException | RuntimeException e) {
        // Jackson's byte parser refuses an escaped surrogate pair in a field name ("\ud83d\ude00"),
        // which is valid JSON: read such a document again from strictly decoded text.
      }
    }
    try {
      String text = TextComparator.decode(body, charset);
      if (text == null) {
        return "not valid " + charset.name();
      }
      try (JsonParser p = FACTORY.createParser(text)) {
        return JsonDoc.parse(p, text.length(), paths, rules.nullEqualsMissing());
      }
    } catch (IOException | RuntimeException e) {
      return "not JSON";
    }
  }

  private static String describe(Object parsed, byte[] body) {
    if (parsed instanceof JsonDoc) {
      return JsonText.render((JsonDoc) parsed, 0);
    }
    if (body.length == 0) {
      return null;
    }
    String excerpt = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8);
    return "(" + parsed + ") " + excerpt;
  }

  @Override
  public String toString() {
    return "json(" + rules + ")";
  }
}
