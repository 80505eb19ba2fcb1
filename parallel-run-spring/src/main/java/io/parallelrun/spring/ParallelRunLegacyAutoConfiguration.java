package io.parallelrun.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.capture.OperationResolver;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The legacy side: a {@link ConsistencyCheckPublisher} to the candidate at {@code
 * parallel-run.legacy.candidate-url}, signed with {@code parallel-run.legacy.secret}, and the
 * {@link ParallelRunFilter} registered for the {@code REQUEST} and {@code ASYNC} dispatches at
 * order {@link #DEFAULT_FILTER_ORDER} (property {@code parallel-run.legacy.filter-order}).
 *
 * <p>On when {@code parallel-run.legacy.enabled} is true, or when it is not set and {@code
 * parallel-run.legacy.candidate-url} is; in a servlet web application only. Every bean backs off
 * when the application declares its own (the registration by its name {@value
 * #FILTER_REGISTRATION}).
 */
@AutoConfiguration(after = ParallelRunAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@Conditional(ParallelRunConditions.OnLegacySide.class)
public class ParallelRunLegacyAutoConfiguration {

  /**
   * The filter's default order: right after Spring's character encoding filter ({@link
   * Ordered#HIGHEST_PRECEDENCE}) and the observation filter, before request-context, form-content
   * and security filters, so that the capture sees the response as the client gets it.
   */
  public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** The bean name of the filter's registration. */
  public static final String FILTER_REGISTRATION = "parallelRunFilterRegistration";

  private static final Logger LOG = LoggerFactory.getLogger(ParallelRunLegacyAutoConfiguration.class);
  private static final String PREFIX = "parallel-run.legacy.";

  /** Sends captures to the candidate; closed (after a bounded drain) when the context closes. */
  @Bean
  @ConditionalOnMissingBean
  public ConsistencyCheckPublisher parallelRunPublisher(ParallelRunProperties properties,
      ObjectProvider<MeterRegistry> meterRegistry) {
    ParallelRunProperties.Legacy legacy = properties.getLegacy();
    ParallelRunProperties.Publisher p = legacy.getPublisher();
    String url = legacy.getCandidateUrl();
    if (url == null || url.isBlank()) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "candidate-url",
          "is required when " + PREFIX + "enabled is true",
          "Set " + PREFIX + "candidate-url to the candidate's receiver, for example "
              + "http://candidate:8080/consistency-checks, or set " + PREFIX + "enabled to false.");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "candidate-url", "'" + url + "' is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "candidate-url",
          "must be an absolute http or https URL with a host, was '" + url + "'");
    }
    String secret = legacy.getSecret();
    if (secret == null || secret.isEmpty()) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "secret",
          "is required: every capture sent to the candidate is signed with it",
          "Set " + PREFIX + "secret (for example from the environment variable PARALLEL_RUN_LEGACY_SECRET) to the "
              + "same secret as parallel-run.candidate.secret, at least " + PayloadSignature.MIN_SECRET_BYTES + " bytes.");
    }
    if (secret.getBytes(StandardCharsets.UTF_8).length < PayloadSignature.MIN_SECRET_BYTES) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "secret",
          "must be at least " + PayloadSignature.MIN_SECRET_BYTES + " bytes, was "
              + secret.getBytes(StandardCharsets.UTF_8).length);
    }
    ConsistencyCheckPublisher.Builder builder = ConsistencyCheckPublisher.builder()
        .candidateUrl(uri)
        .secret(secret)
        .meterRegistry(registry(meterRegistry));
    String publisher = PREFIX + "publisher.";
    apply(publisher + "batching", () -> builder.batching(p.isBatching()));
    apply(publisher + "batch-max-payloads", () -> builder.batchMaxPayloads(p.getBatchMaxPayloads()));
    apply(publisher + "batch-max-size", () -> builder.batchMaxBytes(intBytes(p.getBatchMaxSize(), publisher + "batch-max-size")));
    apply(publisher + "batch-delay", () -> builder.batchDelay(p.getBatchDelay()));
    apply(publisher + "max-post-size", () -> builder.maxPostBytes(intBytes(p.getMaxPostSize(), publisher + "max-post-size")));
    apply(publisher + "max-queue-payloads", () -> builder.maxQueuePayloads(p.getMaxQueuePayloads()));
    apply(publisher + "max-queue-size", () -> builder.maxQueueBytes(p.getMaxQueueSize().toBytes()));
    apply(publisher + "workers", () -> builder.workers(p.getWorkers()));
    apply(publisher + "connect-timeout", () -> builder.connectTimeout(p.getConnectTimeout()));
    apply(publisher + "request-timeout", () -> builder.requestTimeout(p.getRequestTimeout()));
    apply(publisher + "max-retry-after", () -> builder.maxRetryAfter(p.getMaxRetryAfter()));
    apply(publisher + "close-timeout", () -> builder.closeTimeout(p.getCloseTimeout()));
    ConsistencyCheckPublisher built;
    try {
      built = builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "candidate-url", e.getMessage());
    }
    LOG.info("parallel-run legacy side: captures go to {}", uri);
    return built;
  }

  /** The capturing filter, with the configured routes, policies, exclusions and resolver. */
  @Bean
  @ConditionalOnMissingBean
  public ParallelRunFilter parallelRunFilter(ParallelRunProperties properties, ConsistencyCheckPublisher publisher,
      OperationRouter router, OperationPolicies policies, ObjectProvider<OperationResolver> resolver,
      ObjectProvider<MeterRegistry> meterRegistry) {
    ParallelRunProperties.Legacy legacy = properties.getLegacy();
    ParallelRunFilter.Builder builder = ParallelRunFilter.builder()
        .publisher(publisher)
        .router(router)
        .policies(policies)
        .meterRegistry(registry(meterRegistry))
        .maxBodyBytes(intBytes(legacy.getMaxBodySize(), PREFIX + "max-body-size"));
    resolver.ifAvailable(builder::operationResolver);
    List<String> excluded = new ArrayList<>(legacy.getExclude() == null ? List.of() : legacy.getExclude());
    ParallelRunProperties.Candidate candidate = properties.getCandidate();
    if (candidate.isEnabled() && candidate.getPath() != null && candidate.getPath().startsWith("/")
        && !candidate.getPath().endsWith("/") && !candidate.getPath().contains("*")) {
      // an application that is both sides never captures what is sent to its own receiver
      excluded.add(candidate.getPath() + "/**");
    }
    Predicate<HttpServletRequest> exclusion = exclusion(excluded);
    if (exclusion != null) {
      builder.exclude(exclusion);
    }
    return builder.build();
  }

  /** Registers the filter for REQUEST and ASYNC dispatches at the configured order. */
  @Bean(name = FILTER_REGISTRATION)
  @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
  public FilterRegistrationBean<ParallelRunFilter> parallelRunFilterRegistration(ParallelRunFilter filter,
      ParallelRunProperties properties) {
    FilterRegistrationBean<ParallelRunFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("parallelRunFilter");
    registration.setOrder(properties.getLegacy().getFilterOrder());
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    List<String> patterns = properties.getLegacy().getUrlPatterns();
    if (patterns == null || patterns.isEmpty()) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "url-patterns", "must name at least one URL pattern, such as /*");
    }
    registration.setUrlPatterns(patterns);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** Operation ids from Spring MVC's best matching pattern, when Spring MVC is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.HandlerMapping")
  @ConditionalOnProperty(prefix = "parallel-run.legacy", name = "mvc-operation-ids", matchIfMissing = true)
  static class SpringMvcOperationIds {

    @Bean
    @ConditionalOnMissingBean
    OperationResolver parallelRunOperationResolver() {
      return new SpringMvcOperationResolver();
    }
  }

  static MeterRegistry registry(ObjectProvider<MeterRegistry> provider) {
    return provider.getIfUnique(() -> Metrics.globalRegistry);
  }

  static int intBytes(DataSize size, String property) {
    long bytes = size == null ? -1 : size.toBytes();
    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw new InvalidParallelRunConfigurationException(property, "must be between 1B and 2GB, was " + size);
    }
    return (int) bytes;
  }

  private static void apply(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidParallelRunConfigurationException(property, String.valueOf(e.getMessage()));
    }
  }

  /** Requests matching one of the templates, by method and path within the context. */
  private static Predicate<HttpServletRequest> exclusion(List<String> templates) {
    if (templates == null || templates.isEmpty()) {
      return null;
    }
    OperationRouter.Builder excluded = OperationRouter.builder();
    for (String template : templates) {
      try {
        excluded.route(template, "excluded");
      } catch (IllegalArgumentException e) {
        throw new InvalidParallelRunConfigurationException(PREFIX + "exclude", e.getMessage());
      }
    }
    OperationRouter router = excluded.build();
    return request -> {
      String uri = request.getRequestURI();
      String context = request.getContextPath();
      String path = context == null || context.isEmpty() || !uri.startsWith(context) ? uri : uri.substring(context.length());
      return !OperationRouter.UNMAPPED.equals(router.operationFor(request.getMethod(), path));
    };
  }
}
