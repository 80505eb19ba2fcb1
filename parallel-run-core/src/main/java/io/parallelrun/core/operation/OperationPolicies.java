package io.parallelrun.core.operation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The policies of all operations: one default policy plus named overrides, each derived from the
 * defaults (Resilience4j style). An operation without an override gets the defaults.
 *
 * <pre>{@code
 * OperationPolicies policies = OperationPolicies.builder()
 *     .defaults(OperationPolicy.custom().threshold(0.99).build())
 *     .operation("getReturn", p -> p.threshold(0.995))
 *     .operation("searchReturns", p -> p.idempotent(true))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationPolicies {

  /** The longest operation id, in characters. */
  public static final int MAX_OPERATION_ID_LENGTH = 128;

  /**
   * What an operation id may look like: it becomes a metric tag, so it is short and printable
   * ASCII. Letters, digits, {@code _ . : - / { } *} and spaces, but no space at either end, so a
   * name ({@code getReturn}) and a route ({@code GET /returns/{id}}) both fit; quotes, backslashes,
   * control and non-ASCII characters never do.
   */
  public static final Pattern OPERATION_ID = Pattern.compile(
      "[A-Za-z0-9_.:/{}*-](?:[A-Za-z0-9_.:/{}* -]{0," + (MAX_OPERATION_ID_LENGTH - 2) + "}[A-Za-z0-9_.:/{}*-])?");

  /** {@link #OPERATION_ID} in words, for error messages. */
  public static final String OPERATION_ID_RULE = "1 to " + MAX_OPERATION_ID_LENGTH
      + " characters of letters, digits, spaces, '_', '.', ':', '-', '/', '{', '}' or '*', not starting or ending with a space";

  private final OperationPolicy defaults;
  private final Map<String, OperationPolicy> named;

  private OperationPolicies(OperationPolicy defaults, Map<String, OperationPolicy> named) {
    this.defaults = defaults;
    this.named = Collections.unmodifiableMap(named);
  }

  /** Every operation on the default policy. */
  public static OperationPolicies ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The policy of the operation: its override, else the defaults. */
  public OperationPolicy forOperation(String operationId) {
    OperationPolicy policy = named.get(operationId);
    return policy != null ? policy : defaults;
  }

  /** The default policy. */
  public OperationPolicy defaults() {
    return defaults;
  }

  /** The operations with an override, in the order they were declared. */
  public Map<String, OperationPolicy> named() {
    return named;
  }

  /** Whether {@code operationId} is a valid operation id: not null and matching {@link #OPERATION_ID}. */
  public static boolean isValidOperationId(String operationId) {
    return operationId != null && OPERATION_ID.matcher(operationId).matches();
  }

  /**
   * Checks an operation id.
   *
   * @throws IllegalArgumentException when it does not match {@link #OPERATION_ID}
   */
  public static String checkOperationId(String operationId) {
    if (!isValidOperationId(operationId)) {
      throw new IllegalArgumentException("operation id '" + operationId + "' must be " + OPERATION_ID_RULE);
    }
    return operationId;
  }

  /** Builds {@link OperationPolicies}. Not thread-safe. */
  public static final class Builder {
    private OperationPolicy defaults = OperationPolicy.ofDefaults();
    private final Map<String, UnaryOperator<OperationPolicy.Builder>> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** The policy every operation starts from. */
    public Builder defaults(OperationPolicy value) {
      this.defaults = Objects.requireNonNull(value, "defaults");
      return this;
    }

    /**
     * Declares an operation whose policy is the defaults changed by {@code override}. Declaring
     * the same operation twice applies both overrides in order.
     */
    public Builder operation(String operationId, UnaryOperator<OperationPolicy.Builder> override) {
      Objects.requireNonNull(override, "override");
      overrides.merge(checkOperationId(operationId), override, (a, b) -> x -> b.apply(a.apply(x)));
      return this;
    }

    /** Declares an operation that uses the defaults as they are. */
    public Builder operation(String operationId) {
      return operation(operationId, UnaryOperator.identity());
    }

    /**
     * Builds the policies.
     *
     * @throws IllegalArgumentException naming the operation whose override is invalid
     */
    public OperationPolicies build() {
      Map<String, OperationPolicy> named = new LinkedHashMap<>();
      overrides.forEach(
          (id, override) -> {
            try {
              named.put(id, override.apply(OperationPolicy.from(defaults)).build());
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("operation '" + id + "': " + e.getMessage(), e);
            }
          });
      return new OperationPolicies(defaults, named);
    }
  }
}
