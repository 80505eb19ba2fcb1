package io.parallelrun.spring;

import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator endpoint {@code parallelrun}, when Actuator is present, the candidate side is on and
 * the endpoint is available (enabled and exposed, for example {@code
 * management.endpoints.web.exposure.include=health,parallelrun}).
 */
@AutoConfiguration(after = ParallelRunCandidateAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
    "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBean(ConsistencyCheckServlet.class)
public class ParallelRunEndpointAutoConfiguration {

  /** Nested, so that its Actuator condition is read only when Actuator is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnAvailableEndpoint(endpoint = ParallelRunEndpoint.class)
  static class Available {

    @Bean
    @ConditionalOnMissingBean
    ParallelRunEndpoint parallelRunEndpoint(ConsistencyCheckServlet receiver) {
      return new ParallelRunEndpoint(receiver);
    }
  }
}
