package io.parallelrun.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.capture.OperationResolver;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.publish.TransportResult;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/** Conditions and beans of the legacy side, and of what both sides share. */
class LegacyAutoConfigurationTest {

  static final String SECRET = "0123456789abcdef-test-secret";

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class, ParallelRunLegacyAutoConfiguration.class))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  private WebApplicationContextRunner legacy() {
    return runner.withPropertyValues(
        "parallel-run.legacy.candidate-url=http://127.0.0.1:9/consistency-checks",
        "parallel-run.legacy.secret=" + SECRET);
  }

  @Test
  void withoutPropertiesNothingButThePropertiesIsCreated() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(ParallelRunProperties.class);
      assertThat(context).doesNotHaveBean(ConsistencyCheckPublisher.class);
      assertThat(context).doesNotHaveBean(ParallelRunFilter.class);
      assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
      assertThat(context).doesNotHaveBean(OperationRouter.class);
      assertThat(context).doesNotHaveBean(OperationPolicies.class);
      assertThat(context).doesNotHaveBean(OperationResolver.class);
    });
  }

  @Test
  void candidateUrlAndSecretSwitchTheLegacySideOn() {
    legacy().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(ConsistencyCheckPublisher.class);
      assertThat(context).hasSingleBean(ParallelRunFilter.class);
      assertThat(context).hasSingleBean(OperationRouter.class);
      assertThat(context).hasSingleBean(OperationPolicies.class);
      assertThat(context).getBean(OperationResolver.class).isInstanceOf(SpringMvcOperationResolver.class);
      assertThat(context.getBean(ParallelRunFilter.class).publisher()).isSameAs(context.getBean(ConsistencyCheckPublisher.class));
      assertThat(context.getBean(ConsistencyCheckPublisher.class).meterRegistry()).isSameAs(context.getBean(MeterRegistry.class));
      assertThat(context.getBean(ConsistencyCheckPublisher.class).toString()).contains("http://127.0.0.1:9/consistency-checks");
    });
  }

  @Test
  void aUrlWithoutPathGetsTheDefaultReceiverPath() {
    runner.withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9", "parallel-run.legacy.secret=" + SECRET)
        .run(context -> assertThat(context.getBean(ConsistencyCheckPublisher.class).toString())
            .contains("http://127.0.0.1:9/consistency-checks"));
  }

  @Test
  void theFilterIsRegisteredForRequestAndAsyncDispatchesAtTheDocumentedOrder() {
    legacy().run(context -> {
      @SuppressWarnings("unchecked")
      FilterRegistrationBean<ParallelRunFilter> registration =
          context.getBean(ParallelRunLegacyAutoConfiguration.FILTER_REGISTRATION, FilterRegistrationBean.class);
      assertThat(registration.getOrder()).isEqualTo(ParallelRunLegacyAutoConfiguration.DEFAULT_FILTER_ORDER)
          .isEqualTo(Integer.MIN_VALUE + 10);
      assertThat(registration.getFilter()).isSameAs(context.getBean(ParallelRunFilter.class));
      assertThat(registration.getUrlPatterns()).containsExactly("/*");

      ServletContext servletContext = mock(ServletContext.class);
      FilterRegistration.Dynamic dynamic = mock(FilterRegistration.Dynamic.class);
      when(servletContext.addFilter(eq("parallelRunFilter"), any(Filter.class))).thenReturn(dynamic);
      registration.onStartup(servletContext);
      verify(dynamic).setAsyncSupported(true);
      verify(dynamic).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
    });
  }

  @Test
  void filterOrderAndUrlPatternsAreConfigurable() {
    legacy().withPropertyValues("parallel-run.legacy.filter-order=42", "parallel-run.legacy.url-patterns=/api/*,/v2/*")
        .run(context -> {
          FilterRegistrationBean<?> registration =
              context.getBean(ParallelRunLegacyAutoConfiguration.FILTER_REGISTRATION, FilterRegistrationBean.class);
          assertThat(registration.getOrder()).isEqualTo(42);
          assertThat(registration.getUrlPatterns()).containsExactly("/api/*", "/v2/*");
        });
  }

  @Test
  void enabledFalseSwitchesTheLegacySideOffDespiteTheUrl() {
    legacy().withPropertyValues("parallel-run.legacy.enabled=false").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(ConsistencyCheckPublisher.class);
      assertThat(context).doesNotHaveBean(ParallelRunFilter.class);
      assertThat(context).doesNotHaveBean(OperationRouter.class);
    });
  }

  @Test
  void theLegacySideNeedsAServletWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class, ParallelRunLegacyAutoConfiguration.class))
        .withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9", "parallel-run.legacy.secret=" + SECRET)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(ParallelRunFilter.class);
          assertThat(context).doesNotHaveBean(ConsistencyCheckPublisher.class);
        });
  }

  @Test
  void mvcOperationIdsCanBeSwitchedOff() {
    legacy().withPropertyValues("parallel-run.legacy.mvc-operation-ids=false").run(context -> {
      assertThat(context).hasSingleBean(ParallelRunFilter.class);
      assertThat(context).doesNotHaveBean(OperationResolver.class);
    });
  }

  @Test
  void withoutSpringMvcThereIsNoPatternResolverButTheFilterWorks() {
    legacy().withClassLoader(new FilteredClassLoader(HandlerMapping.class)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(ParallelRunFilter.class);
      assertThat(context).doesNotHaveBean(OperationResolver.class);
    });
  }

  @Test
  void actuatorRequestsAreExcludedByDefaultAndTheListIsConfigurable() {
    legacy().run(context -> {
      ParallelRunFilter filter = context.getBean(ParallelRunFilter.class);
      filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(), new MockFilterChain());
      filter.doFilter(new MockHttpServletRequest("GET", "/actuator"), new MockHttpServletResponse(), new MockFilterChain());
      assertThat(excluded(context.getBean(MeterRegistry.class))).isEqualTo(2.0);
    });
    legacy().withPropertyValues("parallel-run.legacy.exclude=GET /internal/**").run(context -> {
      ParallelRunFilter filter = context.getBean(ParallelRunFilter.class);
      filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(), new MockFilterChain());
      filter.doFilter(new MockHttpServletRequest("GET", "/internal/ping"), new MockHttpServletResponse(), new MockFilterChain());
      filter.doFilter(new MockHttpServletRequest("HEAD", "/internal/ping"), new MockHttpServletResponse(), new MockFilterChain());
      assertThat(excluded(context.getBean(MeterRegistry.class))).isEqualTo(1.0);
    });
  }

  private static double excluded(MeterRegistry registry) {
    return registry.find("parallel.run.skipped").tag("reason", "excluded").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  @Test
  void withoutAMeterRegistryBeanTheGlobalRegistryIsUsed() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ParallelRunAutoConfiguration.class, ParallelRunLegacyAutoConfiguration.class))
        .withPropertyValues("parallel-run.legacy.candidate-url=http://127.0.0.1:9", "parallel-run.legacy.secret=" + SECRET)
        .run(context -> assertThat(context.getBean(ConsistencyCheckPublisher.class).meterRegistry())
            .isSameAs(io.micrometer.core.instrument.Metrics.globalRegistry));
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    ConsistencyCheckPublisher own = ConsistencyCheckPublisher.builder()
        .transport((body, length, type, count) -> TransportResult.accepted(count))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    OperationRouter router = OperationRouter.builder().route("GET /own", "own").build();
    OperationPolicies policies = OperationPolicies.builder().operation("own").build();
    OperationResolver resolver = (request, routed) -> null;
    legacy()
        .withBean(ConsistencyCheckPublisher.class, () -> own)
        .withBean(OperationRouter.class, () -> router)
        .withBean(OperationPolicies.class, () -> policies)
        .withBean(OperationResolver.class, () -> resolver)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).getBean(ConsistencyCheckPublisher.class).isSameAs(own);
          assertThat(context).getBean(OperationRouter.class).isSameAs(router);
          assertThat(context).getBean(OperationPolicies.class).isSameAs(policies);
          assertThat(context).getBean(OperationResolver.class).isSameAs(resolver);
          assertThat(context.getBean(ParallelRunFilter.class).publisher()).isSameAs(own);
        });
    ParallelRunFilter filter = ParallelRunFilter.builder().publisher(own).build();
    FilterRegistrationBean<ParallelRunFilter> registration = new FilterRegistrationBean<>(filter);
    legacy()
        .withBean(ParallelRunFilter.class, () -> filter)
        .withBean(ParallelRunLegacyAutoConfiguration.FILTER_REGISTRATION, FilterRegistrationBean.class, () -> registration)
        .run(context -> {
          assertThat(context).getBean(ParallelRunFilter.class).isSameAs(filter);
          assertThat(context.getBean(ParallelRunLegacyAutoConfiguration.FILTER_REGISTRATION)).isSameAs(registration);
        });
    own.close();
  }

  @Test
  void thePublisherIsClosedWithTheContext() {
    ConsistencyCheckPublisher[] seen = new ConsistencyCheckPublisher[1];
    legacy().run(context -> seen[0] = context.getBean(ConsistencyCheckPublisher.class));
    assertThat(seen[0].isClosed()).isTrue();
  }
}
