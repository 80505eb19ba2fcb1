package io.parallelrun.spring;

import static io.parallelrun.spring.InvalidConfigurationTest.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.check.ReplayResult;
import io.parallelrun.core.check.Replayer;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.replay.ReplayGateway;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Conditions, beans and invalid configurations of the candidate side and its endpoint. */
class CandidateAutoConfigurationTest {

  static final String SECRET = LegacyAutoConfigurationTest.SECRET;

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class,
          ParallelRunLegacyAutoConfiguration.class, ParallelRunCandidateAutoConfiguration.class,
          ParallelRunEndpointAutoConfiguration.class))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  private WebApplicationContextRunner candidate() {
    return runner.withPropertyValues("parallel-run.candidate.enabled=true", "parallel-run.candidate.secret=" + SECRET);
  }

  @Test
  void offUnlessEnabled() {
    runner.withPropertyValues("parallel-run.candidate.secret=" + SECRET).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(ConsistencyCheckServlet.class);
      assertThat(context).doesNotHaveBean(Replayer.class);
      assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
      assertThat(context).doesNotHaveBean(ParallelRunEndpoint.class);
    });
    runner.withPropertyValues("parallel-run.candidate.enabled=false", "parallel-run.candidate.secret=" + SECRET)
        .run(context -> assertThat(context).doesNotHaveBean(ConsistencyCheckServlet.class));
  }

  @Test
  void theCandidateSideNeedsAServletWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class,
            ParallelRunCandidateAutoConfiguration.class, ParallelRunEndpointAutoConfiguration.class))
        .withPropertyValues("parallel-run.candidate.enabled=true", "parallel-run.candidate.secret=" + SECRET,
            "management.endpoints.web.exposure.include=parallelrun")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(ConsistencyCheckServlet.class);
          assertThat(context).doesNotHaveBean(Replayer.class);
          assertThat(context).doesNotHaveBean(ParallelRunEndpoint.class);
        });
  }

  @Test
  void enabledWithASecretStartsTheReceiverTheReplayerAndTheMarker() {
    candidate().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(ConsistencyCheckServlet.class);
      assertThat(context).hasSingleBean(OperationRouter.class);
      assertThat(context).hasSingleBean(OperationPolicies.class);
      assertThat(context).getBean(Replayer.class).isInstanceOf(LocalServerReplayer.class);
      assertThat(context).doesNotHaveBean(ParallelRunFilter.class);

      ServletRegistrationBean<?> receiver =
          context.getBean(ParallelRunCandidateAutoConfiguration.RECEIVER_REGISTRATION, ServletRegistrationBean.class);
      assertThat(receiver.getServlet()).isSameAs(context.getBean(ConsistencyCheckServlet.class));
      assertThat(receiver.getUrlMappings()).containsExactly("/consistency-checks", "/consistency-checks/*");

      FilterRegistrationBean<?> marker =
          context.getBean(ParallelRunCandidateAutoConfiguration.MARKER_REGISTRATION, FilterRegistrationBean.class);
      assertThat(marker.getFilter()).isInstanceOf(ReplayMarkerFilter.class);
      assertThat(marker.getOrder()).isEqualTo(ParallelRunCandidateAutoConfiguration.DEFAULT_MARKER_ORDER);
      assertThat(marker.getUrlPatterns()).containsExactly("/*");
    });
  }

  @Test
  void pathAndMarkerAreConfigurable() {
    candidate().withPropertyValues("parallel-run.candidate.path=/parallel-run/checks",
            "parallel-run.candidate.replay-marker=false")
        .run(context -> {
          assertThat(context.getBean(ParallelRunCandidateAutoConfiguration.RECEIVER_REGISTRATION, ServletRegistrationBean.class)
              .getUrlMappings()).containsExactly("/parallel-run/checks", "/parallel-run/checks/*");
          assertThat(context).doesNotHaveBean(ParallelRunCandidateAutoConfiguration.MARKER_REGISTRATION);
        });
  }

  @Test
  void aConfiguredReplayBaseUrlIsUsedAsItIs() {
    candidate().withPropertyValues("parallel-run.candidate.replay-base-url=http://returns-candidate:8080/api")
        .run(context -> {
          Replayer replayer = context.getBean(Replayer.class);
          assertThat(replayer).isInstanceOf(ReplayGateway.class);
          assertThat(((ReplayGateway) replayer).baseUrl().toString()).isEqualTo("http://returns-candidate:8080/api/");
        });
  }

  @Test
  void insecureDevelopmentModeStartsWithoutASecret() {
    runner.withPropertyValues("parallel-run.candidate.enabled=true", "parallel-run.candidate.insecure-development-mode=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ConsistencyCheckServlet.class);
        });
  }

  @Test
  void missingSecret() {
    runner.withPropertyValues("parallel-run.candidate.enabled=true")
        .run(failsWith("parallel-run.candidate.secret", "is required"));
  }

  @Test
  void missingSecretExplainsTheWayOut() {
    runner.withPropertyValues("parallel-run.candidate.enabled=true").run(context -> {
      var analysis = new ParallelRunFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getAction()).contains("PARALLEL_RUN_CANDIDATE_SECRET")
          .contains("parallel-run.candidate.insecure-development-mode=true");
    });
  }

  @Test
  void secretTooShort() {
    runner.withPropertyValues("parallel-run.candidate.enabled=true", "parallel-run.candidate.secret=0123456789")
        .run(failsWith("parallel-run.candidate.secret", "must be at least 16 bytes, was 10"));
  }

  @Test
  void replayBaseUrlNotHttp() {
    candidate().withPropertyValues("parallel-run.candidate.replay-base-url=ftp://candidate")
        .run(failsWith("parallel-run.candidate.replay-base-url", "ftp://candidate"));
  }

  @Test
  void replayBaseUrlWithQuery() {
    candidate().withPropertyValues("parallel-run.candidate.replay-base-url=http://candidate:8080/?x=1")
        .run(failsWith("parallel-run.candidate.replay-base-url", "http://candidate:8080/?x=1"));
  }

  @Test
  void receiverPathWithoutLeadingSlash() {
    candidate().withPropertyValues("parallel-run.candidate.path=consistency-checks")
        .run(failsWith("parallel-run.candidate.path", "must be a path such as /consistency-checks"));
  }

  @Test
  void receiverWorkersZero() {
    candidate().withPropertyValues("parallel-run.candidate.workers=0")
        .run(failsWith("parallel-run.candidate.workers", "workers must be positive, was 0"));
  }

  @Test
  void invalidThresholdStopsTheCandidateToo() {
    candidate().withPropertyValues("parallel-run.operations.getReturn.threshold=1.01")
        .run(failsWith("parallel-run.operations.getReturn.threshold", "must be between 0 and 1, was 1.01"));
  }

  @Test
  void unknownComparatorStopsTheCandidate() {
    candidate().withPropertyValues("parallel-run.operations.getInvoice.comparator=pdf")
        .run(failsWith("parallel-run.operations.getInvoice.comparator", "no ResponseComparator bean named 'pdf'"));
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    Replayer own = (checkId, request, timeout) -> ReplayResult.error(0, "own");
    candidate().withBean(Replayer.class, () -> own).run(context -> {
      assertThat(context).getBean(Replayer.class).isSameAs(own);
      assertThat(context.getBean(ConsistencyCheckServlet.class)).isNotNull();
    });
    ConsistencyCheckServlet receiver = ConsistencyCheckServlet.builder()
        .secret(SECRET).replayer(own).meterRegistry(new SimpleMeterRegistry()).workers(1).build();
    ServletRegistrationBean<ConsistencyCheckServlet> registration = new ServletRegistrationBean<>(receiver, "/own");
    candidate()
        .withBean(ConsistencyCheckServlet.class, () -> receiver)
        .withBean(ParallelRunCandidateAutoConfiguration.RECEIVER_REGISTRATION, ServletRegistrationBean.class, () -> registration)
        .run(context -> {
          assertThat(context).getBean(ConsistencyCheckServlet.class).isSameAs(receiver);
          assertThat(context.getBean(ParallelRunCandidateAutoConfiguration.RECEIVER_REGISTRATION)).isSameAs(registration);
        });
    receiver.close();
  }

  @Test
  void bothSidesInOneApplication() {
    candidate().withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9",
            "parallel-run.legacy.secret=" + SECRET)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ParallelRunFilter.class);
          assertThat(context).hasSingleBean(ConsistencyCheckServlet.class);
          assertThat(context).hasSingleBean(OperationRouter.class);

          // the legacy filter never captures what is sent to the application's own receiver
          ParallelRunFilter filter = context.getBean(ParallelRunFilter.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          filter.doFilter(new MockHttpServletRequest("GET", "/consistency-checks/report"), new MockHttpServletResponse(),
              new MockFilterChain());
          filter.doFilter(new MockHttpServletRequest("GET", "/consistency-checks"), new MockHttpServletResponse(),
              new MockFilterChain());
          assertThat(registry.find("parallel.run.skipped").tag("reason", "excluded").counters().stream()
              .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isEqualTo(2.0);
        });
  }

  @Test
  void theEndpointNeedsToBeExposed() {
    candidate().run(context -> assertThat(context).doesNotHaveBean(ParallelRunEndpoint.class));
    candidate().withPropertyValues("management.endpoints.web.exposure.include=parallelrun")
        .run(context -> {
          assertThat(context).hasSingleBean(ParallelRunEndpoint.class);
          ParallelRunEndpoint endpoint = context.getBean(ParallelRunEndpoint.class);
          assertThat(endpoint.report()).containsKeys("generatedAt", "operations");
          assertThat(endpoint.operation("getReturn")).isNull();
        });
  }

  @Test
  void theEndpointNeedsTheCandidateSide() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=parallelrun")
        .run(context -> assertThat(context).doesNotHaveBean(ParallelRunEndpoint.class));
  }

  @Test
  void withoutActuatorThereIsNoEndpointAndNoFailure() {
    candidate().withPropertyValues("management.endpoints.web.exposure.include=parallelrun")
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ConsistencyCheckServlet.class);
          assertThat(context).doesNotHaveBean(ParallelRunEndpoint.class);
        });
  }

  @Test
  void theLocalServerBaseUrlFollowsTheServer() {
    MockEnvironment environment = new MockEnvironment();
    assertThat(LocalServerReplayer.baseUrl(environment)).isNull();
    environment.setProperty("local.server.port", "8123");
    assertThat(LocalServerReplayer.baseUrl(environment)).isEqualTo("http://127.0.0.1:8123");
    environment.setProperty("server.servlet.context-path", "/returns-service/");
    environment.setProperty("server.ssl.enabled", "true");
    assertThat(LocalServerReplayer.baseUrl(environment)).isEqualTo("https://127.0.0.1:8123/returns-service");
    environment.setProperty("server.address", "::1");
    assertThat(LocalServerReplayer.baseUrl(environment)).isEqualTo("https://[::1]:8123/returns-service");
  }

  @Test
  void theLocalServerReplayerAnswersAnErrorUntilThePortIsKnown() {
    MockEnvironment environment = new MockEnvironment();
    try (LocalServerReplayer replayer = new LocalServerReplayer(environment, url -> ReplayGateway.builder().baseUrl(url).build())) {
      ReplayResult result = replayer.replay("c1", CapturedRequest.of("GET", "/x", io.parallelrun.core.payload.HttpHeaders.empty()),
          Duration.ofSeconds(1));
      assertThat(result.kind()).isEqualTo(ReplayResult.Kind.ERROR);
      assertThat(result.detail()).contains("parallel-run.candidate.replay-base-url");
      assertThat(replayer.gateway()).isNull();
    }
  }
}
