package io.parallelrun.core.redact;

import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Factory of {@link Redaction}s: headers, query parameters and JSON fields, and their composition.
 *
 * <pre>{@code
 * RedactionMode hashed = RedactionMode.hash(secretKeyBytes);
 * Redaction redaction = Redactions.merge(
 *     Redactions.credentials(),
 *     Redactions.headers(RedactionMode.remove(), "X-Customer-Token"),
 *     Redactions.queryParameters(RedactionMode.mask(), "email"),
 *     Redactions.jsonFields(hashed, "email", "iban"),
 *     Redactions.jsonPointers(RedactionMode.remove(), "/customer/birthDate"));
 * }</pre>
 *
 * <p>Where personal data is redacted (DESIGN.md, "Personal data"): at rest, {@link #credentials()}
 * always applies to mismatch samples, logs and the report, plus what an operation configures; in
 * transit, the configured redaction applies before the payload leaves the legacy application, and
 * the candidate applies the same one to its own response before comparing, so that both sides
 * stay comparable.
 *
 * <p>JSON rules only touch a body whose Content-Type is {@code application/json} or ends in {@code
 * +json}, that is complete (not truncated) and not content-encoded (gzip and the like); a body that
 * does not parse is left as it is. Such bodies keep whatever personal data they hold. Redactions
 * never throw on content.
 *
 * <p>A redaction returns the same request or response instance when it changed nothing. All
 * redactions returned here are immutable and thread-safe.
 */
public final class Redactions {

  /** The headers that hold credentials: always redacted at rest. */
  public static final List<String> CREDENTIAL_HEADERS =
      List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie");

  private static final Redaction NONE =
      new Redaction() {
        @Override
        public CapturedRequest redact(CapturedRequest request) {
          return request;
        }

        @Override
        public CapturedResponse redact(CapturedResponse response) {
          return response;
        }

        @Override
        public String toString() {
          return "Redactions.none()";
        }
      };

  private static final Redaction CREDENTIALS =
      headers(RedactionMode.mask(), CREDENTIAL_HEADERS.toArray(new String[0]));

  private Redactions() {}

  /** The redaction that changes nothing. */
  public static Redaction none() {
    return NONE;
  }

  /**
   * The credentials that are always redacted at rest: {@link #CREDENTIAL_HEADERS} masked, on
   * requests and responses.
   */
  public static Redaction credentials() {
    return CREDENTIALS;
  }

  /**
   * Redacts headers of requests and responses. Names are case-insensitive and keep their spelling
   * in the message; a mask or hash replaces each value of a repeated header, remove drops the
   * header.
   *
   * @return {@link #none()} when no name is given
   * @throws IllegalArgumentException when the mode is null or a name is not a valid header name
   */
  public static Redaction headers(RedactionMode mode, String... names) {
    checkMode(mode);
    RedactionRules.Builder rules = new RedactionRules.Builder();
    for (String name : checkNames(names, "header names")) {
      if (!HeaderRedactor.isToken(name)) {
        throw new IllegalArgumentException("header name '" + name + "' is not a valid header name");
      }
      rules.header(name, mode);
    }
    return of(rules);
  }

  /**
   * Redacts query parameters of the request target. A parameter matches when its name, as written
   * or percent-decoded ({@code +} as a space), equals one of the names (case-sensitive). Remove
   * drops the parameter; mask and hash replace its value, percent-encoded where needed, and leave a
   * parameter without a value ({@code ?flag}) as it is. A hash covers the percent-decoded value.
   * Repeated parameters are each redacted; the rest of the target is kept byte for byte.
   *
   * @return {@link #none()} when no name is given
   * @throws IllegalArgumentException when the mode is null or a name is empty or holds {@code &},
   *     {@code =} or {@code #}
   */
  public static Redaction queryParameters(RedactionMode mode, String... names) {
    checkMode(mode);
    RedactionRules.Builder rules = new RedactionRules.Builder();
    for (String name : checkNames(names, "query parameter names")) {
      if (name.isEmpty() || name.indexOf('&') >= 0 || name.indexOf('=') >= 0 || name.indexOf('#') >= 0) {
        throw new IllegalArgumentException(
            "query parameter name '" + name + "' must be non-empty and must not contain '&', '=' or '#'");
      }
      rules.queryParameter(name, mode);
    }
    return of(rules);
  }

  /**
   * Redacts every member of a JSON object, at any depth, whose key is one of the names
   * (case-sensitive), in request and response bodies. Mask and hash replace the whole value,
   * whatever its type, with a string; remove drops the member.
   *
   * @return {@link #none()} when no name is given
   * @throws IllegalArgumentException when the mode or a name is null
   */
  public static Redaction jsonFields(RedactionMode mode, String... names) {
    checkMode(mode);
    RedactionRules.Builder rules = new RedactionRules.Builder();
    for (String name : checkNames(names, "JSON field names")) {
      rules.jsonField(name, mode);
    }
    return of(rules);
  }

  /**
   * Redacts the values at JSON Pointers (RFC 6901) in request and response bodies. A segment
   * {@code *} stands for any one key or array index, so {@code /items/*}{@code /email} reaches the
   * email of every item; a numeric segment also matches that array index. Mask and hash replace
   * the whole value with a string; remove drops the member or the array element.
   *
   * @return {@link #none()} when no pointer is given
   * @throws IllegalArgumentException when the mode is null or a pointer is invalid or empty (the
   *     whole body)
   */
  public static Redaction jsonPointers(RedactionMode mode, String... pointers) {
    checkMode(mode);
    RedactionRules.Builder rules = new RedactionRules.Builder();
    for (String pointer : checkNames(pointers, "JSON Pointers")) {
      PointerNode.parse(pointer);
      rules.jsonPointer(pointer, mode);
    }
    return of(rules);
  }

  /**
   * Applies all the given redactions. The rule-based redactions built here are merged into one,
   * which parses and writes each JSON body once however many JSON rules there are; where several
   * rules reach the same header, parameter or value, the strongest mode wins (remove, then mask,
   * then hash) and between two of the same kind the first given. Other {@link Redaction}
   * implementations run in the given order relative to them.
   *
   * @throws IllegalArgumentException when a redaction is null
   */
  public static Redaction merge(Redaction... redactions) {
    if (redactions == null) {
      throw new IllegalArgumentException("redactions must not be null");
    }
    return merge(Arrays.asList(redactions));
  }

  /**
   * Applies all the given redactions, as {@link #merge(Redaction...)} does.
   *
   * @throws IllegalArgumentException when the collection or one of its redactions is null
   */
  public static Redaction merge(Collection<? extends Redaction> redactions) {
    if (redactions == null) {
      throw new IllegalArgumentException("redactions must not be null");
    }
    List<Redaction> flat = new ArrayList<>();
    int index = 0;
    for (Redaction redaction : redactions) {
      if (redaction == null) {
        throw new IllegalArgumentException("redaction at index " + index + " is null");
      }
      if (redaction instanceof RedactionSequence) {
        flat.addAll(((RedactionSequence) redaction).steps);
      } else if (redaction != NONE) {
        flat.add(redaction);
      }
      index++;
    }
    List<Redaction> steps = new ArrayList<>();
    List<RuleRedaction> pending = new ArrayList<>();
    for (Redaction redaction : flat) {
      if (redaction instanceof RuleRedaction) {
        pending.add((RuleRedaction) redaction);
      } else {
        flush(pending, steps);
        steps.add(redaction);
      }
    }
    flush(pending, steps);
    if (steps.isEmpty()) {
      return NONE;
    }
    return steps.size() == 1 ? steps.get(0) : new RedactionSequence(steps);
  }

  /** Adds the pending rule-based redactions to the steps as one, and clears them. */
  private static void flush(List<RuleRedaction> pending, List<Redaction> steps) {
    if (pending.size() == 1) {
      steps.add(pending.get(0));
    } else if (pending.size() > 1) {
      RedactionRules.Builder rules = new RedactionRules.Builder();
      for (RuleRedaction redaction : pending) {
        rules.addAll(redaction.rules);
      }
      steps.add(of(rules));
    }
    pending.clear();
  }

  private static Redaction of(RedactionRules.Builder builder) {
    RedactionRules rules = builder.build();
    return rules.isEmpty() ? NONE : new RuleRedaction(rules);
  }

  private static void checkMode(RedactionMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("redaction mode must not be null");
    }
  }

  private static List<String> checkNames(String[] names, String what) {
    if (names == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null) {
        throw new IllegalArgumentException(what + ": the one at index " + i + " is null");
      }
    }
    return Arrays.asList(names);
  }
}
