package io.parallelrun.spring;

import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.HeaderRules;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationPolicy;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.redact.Redaction;
import io.parallelrun.core.redact.RedactionMode;
import io.parallelrun.core.redact.Redactions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Builds the {@link OperationRouter} and {@link OperationPolicies} from {@code
 * parallel-run.operations.*}, checking every value and naming the property at fault.
 */
final class OperationsFactory {

  static final String PREFIX = "parallel-run.operations.";
  /** The comparator name that keeps the standard comparison. */
  static final String STANDARD_COMPARATOR = "standard";

  private final ParallelRunProperties properties;
  private final ListableBeanFactory beans;

  OperationsFactory(ParallelRunProperties properties, ListableBeanFactory beans) {
    this.properties = properties;
    this.beans = beans;
  }

  /** The routes of all operations, in declaration order. */
  OperationRouter router() {
    OperationRouter.Builder router = OperationRouter.builder();
    for (Map.Entry<String, OperationProperties> entry : named().entrySet()) {
      String id = entry.getKey();
      OperationProperties operation = entry.getValue();
      String property = PREFIX + id + (operation.getRoute() != null ? ".route" : ".routes");
      for (String template : operation.allRoutes()) {
        try {
          router.route(template, id);
        } catch (IllegalArgumentException e) {
          throw new InvalidParallelRunConfigurationException(property, e.getMessage());
        }
      }
    }
    try {
      return router.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "*.route", e.getMessage());
    }
  }

  /** The default policy and one policy per named operation. */
  OperationPolicies policies() {
    OperationProperties defaultsProperties = properties.getOperations().get(ParallelRunProperties.DEFAULTS);
    OperationPolicy defaults = defaultsProperties == null
        ? OperationPolicy.ofDefaults()
        : policy(OperationPolicy.ofDefaults(), defaultsProperties, PREFIX + ParallelRunProperties.DEFAULTS);
    OperationPolicies.Builder policies = OperationPolicies.builder().defaults(defaults);
    for (Map.Entry<String, OperationProperties> entry : named().entrySet()) {
      OperationPolicy policy = policy(defaults, entry.getValue(), PREFIX + entry.getKey());
      policies.operation(entry.getKey(), builder -> copy(policy, builder));
    }
    return policies.build();
  }

  /** The named operations, each id checked. */
  private Map<String, OperationProperties> named() {
    Map<String, OperationProperties> named = new LinkedHashMap<>();
    properties.getOperations().forEach((id, operation) -> {
      if (ParallelRunProperties.DEFAULTS.equals(id)) {
        return;
      }
      if (!OperationPolicies.isValidOperationId(id)) {
        throw new InvalidParallelRunConfigurationException(PREFIX + id,
            "'" + id + "' is not a valid operation id: " + OperationPolicies.OPERATION_ID_RULE + " (it becomes a metric tag)");
      }
      named.put(id, operation == null ? new OperationProperties() : operation);
    });
    return named;
  }

  private static OperationPolicy.Builder copy(OperationPolicy from, OperationPolicy.Builder to) {
    return to.sampleRate(from.sampleRate())
        .stickySamplingHeader(from.stickySamplingHeader())
        .idempotent(from.idempotent())
        .threshold(from.threshold())
        .minSamples(from.minSamples())
        .headerRules(from.headerRules())
        .bodyRules(from.bodyRules())
        .inTransitRedaction(from.inTransitRedaction())
        .atRestRedaction(from.atRestRedaction())
        .comparator(from.hasCustomComparator() ? from.comparator() : null)
        .replayTimeout(from.replayTimeout());
  }

  /** The policy {@code base} changed by {@code operation}; lists add to those of {@code base}. */
  private OperationPolicy policy(OperationPolicy base, OperationProperties operation, String prefix) {
    OperationPolicy.Builder builder = OperationPolicy.from(base);
    if (operation.getSampleRate() != null) {
      builder.sampleRate(fraction(operation.getSampleRate(), prefix + ".sample-rate"));
    }
    if (operation.getThreshold() != null) {
      builder.threshold(fraction(operation.getThreshold(), prefix + ".threshold"));
    }
    if (operation.getMinSamples() != null) {
      builder.minSamples(atLeastOne(operation.getMinSamples(), prefix + ".min-samples"));
    }
    if (operation.getIdempotent() != null) {
      builder.idempotent(operation.getIdempotent());
    }
    if (operation.getStickySamplingHeader() != null) {
      if (operation.getStickySamplingHeader().isBlank()) {
        throw new InvalidParallelRunConfigurationException(prefix + ".sticky-sampling-header", "must not be blank");
      }
      builder.stickySamplingHeader(operation.getStickySamplingHeader().trim());
    }
    if (operation.getReplayTimeout() != null) {
      Duration timeout = operation.getReplayTimeout();
      if (timeout.isZero() || timeout.isNegative()) {
        throw new InvalidParallelRunConfigurationException(prefix + ".replay-timeout", "must be positive, was " + timeout);
      }
      builder.replayTimeout(timeout);
    }
    if (!operation.getIgnoreHeaders().isEmpty() || !operation.getCompareHeaders().isEmpty()) {
      builder.headerRules(headerRules(base.headerRules(), operation, prefix));
    }
    if (!operation.getIgnoreBodyPaths().isEmpty() || !operation.getUnorderedArrays().isEmpty()
        || operation.getNullEqualsMissing() != null || operation.getMaxDifferences() != null) {
      builder.bodyRules(bodyRules(base.bodyRules(), operation, prefix));
    }
    if (!operation.getRedactInTransit().isEmpty()) {
      builder.inTransitRedaction(Redactions.merge(base.inTransitRedaction(),
          redaction(operation.getRedactInTransit(), prefix + ".redact-in-transit")));
    }
    if (!operation.getRedactAtRest().isEmpty()) {
      builder.atRestRedaction(Redactions.merge(base.atRestRedaction(),
          redaction(operation.getRedactAtRest(), prefix + ".redact-at-rest")));
    }
    if (operation.getComparator() != null) {
      builder.comparator(comparator(operation.getComparator().trim(), prefix + ".comparator"));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(prefix, e.getMessage());
    }
  }

  private static double fraction(double value, String property) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new InvalidParallelRunConfigurationException(property, "must be between 0 and 1, was " + value);
    }
    return value;
  }

  private static int atLeastOne(int value, String property) {
    if (value < 1) {
      throw new InvalidParallelRunConfigurationException(property, "must be at least 1, was " + value);
    }
    return value;
  }

  private static HeaderRules headerRules(HeaderRules base, OperationProperties operation, String prefix) {
    HeaderRules.Builder rules = HeaderRules.from(base);
    try {
      rules.ignore(operation.getIgnoreHeaders());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(prefix + ".ignore-headers", e.getMessage());
    }
    try {
      rules.compare(operation.getCompareHeaders());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(prefix + ".compare-headers", e.getMessage());
    }
    return rules.build();
  }

  private static BodyRules bodyRules(BodyRules base, OperationProperties operation, String prefix) {
    BodyRules.Builder rules = BodyRules.from(base);
    try {
      rules.ignorePaths(operation.getIgnoreBodyPaths());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(prefix + ".ignore-body-paths", e.getMessage());
    }
    try {
      rules.unorderedArrays(operation.getUnorderedArrays());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(prefix + ".unordered-arrays", e.getMessage());
    }
    if (operation.getNullEqualsMissing() != null) {
      rules.nullEqualsMissing(operation.getNullEqualsMissing());
    }
    if (operation.getMaxDifferences() != null) {
      rules.maxDifferences(atLeastOne(operation.getMaxDifferences(), prefix + ".max-differences"));
    }
    return rules.build();
  }

  private Redaction redaction(RedactionRuleProperties rules, String prefix) {
    List<Redaction> parts = new ArrayList<>();
    if (!rules.getRemove().isEmpty()) {
      parts.add(targets(RedactionMode.remove(), rules.getRemove(), prefix + ".remove"));
    }
    if (!rules.getMask().isEmpty()) {
      parts.add(targets(maskMode(), rules.getMask(), prefix + ".mask"));
    }
    if (!rules.getHash().isEmpty()) {
      parts.add(targets(hashMode(prefix + ".hash"), rules.getHash(), prefix + ".hash"));
    }
    return Redactions.merge(parts);
  }

  private RedactionMode maskMode() {
    try {
      return RedactionMode.mask(properties.getRedaction().getMaskPlaceholder());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException("parallel-run.redaction.mask-placeholder", e.getMessage());
    }
  }

  private RedactionMode hashMode(String usedBy) {
    String key = properties.getRedaction().getHashKey();
    if (key == null || key.isEmpty()) {
      throw new InvalidParallelRunConfigurationException("parallel-run.redaction.hash-key",
          "is required because " + usedBy + " uses the hash mode",
          "Set parallel-run.redaction.hash-key to a secret of at least " + RedactionMode.MIN_KEY_BYTES
              + " bytes, the same on the legacy and the candidate side.");
    }
    try {
      return RedactionMode.hash(key.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException("parallel-run.redaction.hash-key", e.getMessage());
    }
  }

  private static Redaction targets(RedactionMode mode, RedactionRuleProperties.Targets targets, String prefix) {
    List<Redaction> parts = new ArrayList<>();
    parts.add(checked(() -> Redactions.headers(mode, array(targets.getHeaders())), prefix + ".headers"));
    parts.add(checked(() -> Redactions.queryParameters(mode, array(targets.getQueryParameters())), prefix + ".query-parameters"));
    parts.add(checked(() -> Redactions.jsonFields(mode, array(targets.getJsonFields())), prefix + ".json-fields"));
    parts.add(checked(() -> Redactions.jsonPointers(mode, array(targets.getJsonPointers())), prefix + ".json-pointers"));
    return Redactions.merge(parts);
  }

  private static String[] array(List<String> values) {
    return values.toArray(new String[0]);
  }

  private static Redaction checked(Supplier<Redaction> factory, String property) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(property, e.getMessage());
    }
  }

  /** The comparator bean of that name; {@code null} for {@value #STANDARD_COMPARATOR}. */
  private ResponseComparator comparator(String name, String property) {
    if (STANDARD_COMPARATOR.equals(name)) {
      return null;
    }
    if (beans.containsBean(name) && beans.isTypeMatch(name, ResponseComparator.class)) {
      return beans.getBean(name, ResponseComparator.class);
    }
    TreeSet<String> known = new TreeSet<>(List.of(beans.getBeanNamesForType(ResponseComparator.class)));
    known.add(STANDARD_COMPARATOR);
    throw new InvalidParallelRunConfigurationException(property,
        "no ResponseComparator bean named '" + name + "'; known comparators: " + String.join(", ", known),
        "Declare a @Bean of type ResponseComparator named '" + name + "', or set " + property
            + " to one of: " + String.join(", ", known) + ".");
  }
}
