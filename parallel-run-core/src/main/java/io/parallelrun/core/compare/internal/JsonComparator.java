package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.wire.internal.BodyText;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Compares bodies as JSON under {@link BodyRules}. See {@code docs/comparison.md} for the
 * semantics. Identical bytes match without parsing; other bodies are read into {@link JsonDoc}s
 * and compared by {@link JsonDiff}. Unless identical, both bodies must be exactly one
 * valid JSON value each, even where the rules ignore everything: a body that is empty or not JSON
 * on either side is one difference at the root path {@code ""}. Immutable and thread-safe.
 */
public final class JsonComparator implements ResponseComparator {

  private static final int EXCERPT = 200;
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

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
    JsonDoc ld = JsonDoc.borrow();
    JsonDoc cd = JsonDoc.borrow();
    try {
      String lProblem = parse(ld, l, legacyType);
      String cProblem = parse(cd, c, candidateType);
      if (lProblem != null || cProblem != null) {
        return MatchResult.of(
            List.of(Difference.of(Difference.Axis.BODY, "", describe(lProblem, ld, l), describe(cProblem, cd, c))));
      }
      if (paths.ignored(paths.root())) {
        return MatchResult.matched();
      }
      MatchResult.Builder out = MatchResult.builder(rules.maxDifferences());
      new JsonDiff(ld, cd, rules.nullEqualsMissing(), out).run();
      return out.build();
    } finally {
      JsonDoc.release(ld);
      JsonDoc.release(cd);
    }
  }

  private static boolean sameCharset(String legacyType, String candidateType) {
    return (legacyType == null ? candidateType == null : legacyType.equals(candidateType))
        || charset(legacyType).equals(charset(candidateType));
  }

  private static Charset charset(String contentType) {
    if (contentType == null || contentType.indexOf(';') < 0) {
      return StandardCharsets.UTF_8;
    }
    MediaType type = MediaType.parse(contentType);
    Charset declared = type == null ? null : type.charset();
    return MediaType.isJsonNative(declared) ? StandardCharsets.UTF_8 : declared;
  }

  /** Reads the body into the document; returns {@code null}, or why the body is not JSON. */
  private String parse(JsonDoc doc, byte[] body, String contentType) {
    if (body.length == 0) {
      return "empty";
    }
    Charset charset = charset(contentType);
    if (charset.equals(StandardCharsets.UTF_8)) {
      charset = unicodeEncoding(body);
    }
    byte[] utf8 = body;
    if (!charset.equals(StandardCharsets.UTF_8)) {
      String text = TextComparator.decode(body, charset);
      if (text == null) {
        return "not valid " + charset.name();
      }
      utf8 = text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      doc.read(utf8, paths, rules.nullEqualsMissing());
      return null;
    } catch (IOException e) {
      return utf8 == body && BodyText.firstInvalidUtf8(body, 0, body.length) >= 0 ? "not valid UTF-8" : "not JSON";
    }
  }

  /**
   * The Unicode encoding of a JSON body whose charset is not declared otherwise, from its first
   * bytes, as Jackson and RFC 4627 detect it: a UTF-16 or UTF-32 byte order mark, or the zero bytes
   * that ASCII text has in those encodings; otherwise UTF-8.
   */
  private static Charset unicodeEncoding(byte[] b) {
    int n = b.length;
    if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] != 0 || b[3] != 0)) {
      return UTF_32BE;
    }
    if (n >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
      return UTF_32LE;
    }
    if (n >= 4 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0) {
      return UTF_32LE;
    }
    if (n >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
      return StandardCharsets.UTF_16;
    }
    if (n >= 2 && (b[0] == 0) != (b[1] == 0)) {
      return b[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
    }
    return StandardCharsets.UTF_8;
  }

  private static String describe(String problem, JsonDoc doc, byte[] body) {
    if (problem == null) {
      return JsonText.render(doc, 0);
    }
    if (body.length == 0) {
      return null;
    }
    String excerpt = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8);
    return "(" + problem + ") " + excerpt;
  }

  @Override
  public String toString() {
    return "json(" + rules + ")";
  }
}
