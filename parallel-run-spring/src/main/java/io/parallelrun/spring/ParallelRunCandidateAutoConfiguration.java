package io.parallelrun.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.parallelrun.core.check.Replayer;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.wire.PayloadLimits;
import io.parallelrun.core.wire.PayloadSignature;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.replay.ReplayGateway;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The candidate side: the {@link ConsistencyCheckServlet} at {@code parallel-run.candidate.path}
 * (default {@code /consistency-checks}), replaying through a {@link Replayer} to this
 * application's own embedded server (or {@code parallel-run.candidate.replay-base-url}), and the
 * {@link ReplayMarkerFilter} so that candidate code can ask {@code ReplayContext} whether it serves
 * a replay.
 *
 * <p>On when {@code parallel-run.candidate.enabled} is true; in a servlet web application only.
 * Every bean backs off when the application declares its own (registrations by their names
 * {@value #RECEIVER_REGISTRATION} and {@value #MARKER_REGISTRATION}).
 */
@AutoConfiguration(after = ParallelRunAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, ServletRegistrationBean.class})
@ConditionalOnProperty(name = ParallelRunConditions.CANDIDATE_ENABLED, havingValue = "true")
public class ParallelRunCandidateAutoConfiguration {

  /**
   * The marker filter's default order: among the first filters, so that every later filter and
   * the handler see whether the request is a replay.
   */
  public static final int DEFAULT_MARKER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** The bean name of the receiver's registration. */
  public static final String RECEIVER_REGISTRATION = "parallelRunReceiverRegistration";

  /** The bean name of the marker filter's registration. */
  public static final String MARKER_REGISTRATION = "parallelRunReplayMarkerRegistration";

  private static final Logger LOG = LoggerFactory.getLogger(ParallelRunCandidateAutoConfiguration.class);
  private static final String PREFIX = "parallel-run.candidate.";

  /**
   * Where replays go: a {@link ReplayGateway} to {@code replay-base-url} when set, else this
   * application's embedded server at the port it actually listens on.
   */
  @Bean
  @ConditionalOnMissingBean
  public Replayer parallelRunReplayer(ParallelRunProperties properties, Environment environment) {
    ParallelRunProperties.Candidate candidate = properties.getCandidate();
    Duration connectTimeout = candidate.getReplayConnectTimeout();
    int maxResponseBytes = ParallelRunLegacyAutoConfiguration.intBytes(candidate.getReplayMaxResponseSize(),
        PREFIX + "replay-max-response-size");
    String configured = candidate.getReplayBaseUrl();
    if (configured != null && !configured.isBlank()) {
      return gateway(configured.trim(), connectTimeout, maxResponseBytes, PREFIX + "replay-base-url");
    }
    return new LocalServerReplayer(environment,
        url -> gateway(url, connectTimeout, maxResponseBytes, "local.server.port"));
  }

  private static ReplayGateway gateway(String url, Duration connectTimeout, int maxResponseBytes, String property) {
    ReplayGateway.Builder builder = ReplayGateway.builder();
    try {
      builder.baseUrl(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(property, e.getMessage());
    }
    try {
      builder.connectTimeout(connectTimeout);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "replay-connect-timeout", String.valueOf(e.getMessage()));
    }
    try {
      return builder.maxResponseBytes(maxResponseBytes).build();
    } catch (IllegalArgumentException e) {
      throw new InvalidParallelRunConfigurationException(property, e.getMessage());
    }
  }

  /** The receiver: checks signatures, queues, replays, compares and records. */
  @Bean
  @ConditionalOnMissingBean
  public ConsistencyCheckServlet parallelRunReceiver(ParallelRunProperties properties, Replayer replayer,
      OperationRouter router, OperationPolicies policies, ObjectProvider<MeterRegistry> meterRegistry) {
    ParallelRunProperties.Candidate candidate = properties.getCandidate();
    String secret = candidate.getSecret();
    boolean hasSecret = secret != null && !secret.isEmpty();
    if (!hasSecret && !candidate.isInsecureDevelopmentMode()) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "secret",
          "is required: the receiver accepts only payloads signed with the secret shared with the legacy side",
          "Set " + PREFIX + "secret (for example from the environment variable PARALLEL_RUN_CANDIDATE_SECRET) to the "
              + "same secret as parallel-run.legacy.secret, at least " + PayloadSignature.MIN_SECRET_BYTES
              + " bytes. For local development only, " + PREFIX + "insecure-development-mode=true accepts unsigned payloads.");
    }
    if (hasSecret && secret.getBytes(StandardCharsets.UTF_8).length < PayloadSignature.MIN_SECRET_BYTES) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "secret",
          "must be at least " + PayloadSignature.MIN_SECRET_BYTES + " bytes, was " + secret.getBytes(StandardCharsets.UTF_8).length);
    }
    ConsistencyCheckServlet.Builder builder = ConsistencyCheckServlet.builder()
        .secret(hasSecret ? secret : null)
        .insecureDevelopmentMode(candidate.isInsecureDevelopmentMode())
        .replayer(replayer)
        .router(router)
        .policies(policies)
        .meterRegistry(ParallelRunLegacyAutoConfiguration.registry(meterRegistry))
        .reportEnabled(candidate.isReportEnabled());
    set(PREFIX + "signature-tolerance", () -> builder.signatureTolerance(candidate.getSignatureTolerance()));
    set(PREFIX + "max-payload-size", () -> builder.limits(PayloadLimits.builder()
        .maxPayloadBytes(ParallelRunLegacyAutoConfiguration.intBytes(candidate.getMaxPayloadSize(), PREFIX + "max-payload-size"))
        .build()));
    set(PREFIX + "max-queued-payloads", () -> builder.maxQueuedPayloads(candidate.getMaxQueuedPayloads()));
    set(PREFIX + "max-queued-size", () -> builder.maxQueuedBytes(candidate.getMaxQueuedSize().toBytes()));
    if (candidate.getWorkers() != null) {
      set(PREFIX + "workers", () -> builder.workers(candidate.getWorkers()));
    }
    set(PREFIX + "retry-after", () -> {
      Duration retryAfter = candidate.getRetryAfter();
      if (retryAfter == null || retryAfter.isNegative()) {
        throw new IllegalArgumentException("must not be negative, was " + retryAfter);
      }
      builder.retryAfter(retryAfter);
    });
    ConsistencyCheckServlet receiver;
    try {
      receiver = builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "secret", e.getMessage());
    }
    LOG.info("parallel-run candidate side: receiving at {}, replaying to {}", candidate.getPath(), replayer);
    return receiver;
  }

  /** Maps the receiver at {@code path} and {@code path/*} (the report). */
  @Bean(name = RECEIVER_REGISTRATION)
  @ConditionalOnMissingBean(name = RECEIVER_REGISTRATION)
  public ServletRegistrationBean<ConsistencyCheckServlet> parallelRunReceiverRegistration(
      ConsistencyCheckServlet receiver, ParallelRunProperties properties) {
    String path = properties.getCandidate().getPath();
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")) {
      throw new InvalidParallelRunConfigurationException(PREFIX + "path",
          "must be a path such as /consistency-checks (leading /, no trailing / or wildcard), was '" + path + "'");
    }
    ServletRegistrationBean<ConsistencyCheckServlet> registration =
        new ServletRegistrationBean<>(receiver, path, path + "/*");
    registration.setName("parallelRunReceiver");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /** Registers the replay marker filter for REQUEST and ASYNC dispatches. */
  @Bean(name = MARKER_REGISTRATION)
  @ConditionalOnMissingBean(name = MARKER_REGISTRATION)
  @ConditionalOnProperty(name = PREFIX + "replay-marker", havingValue = "true", matchIfMissing = true)
  public FilterRegistrationBean<ReplayMarkerFilter> parallelRunReplayMarkerRegistration(ParallelRunProperties properties) {
    FilterRegistrationBean<ReplayMarkerFilter> registration = new FilterRegistrationBean<>(new ReplayMarkerFilter());
    registration.setName("parallelRunReplayMarker");
    registration.setOrder(properties.getCandidate().getReplayMarkerOrder());
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    return registration;
  }

  private static void set(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidParallelRunConfigurationException(property, String.valueOf(e.getMessage()));
    }
  }
}
