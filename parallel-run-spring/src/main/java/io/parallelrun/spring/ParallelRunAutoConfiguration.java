package io.parallelrun.spring;

import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * What both sides share: {@link ParallelRunProperties}, and, when either side is on, the {@link
 * OperationRouter} and {@link OperationPolicies} built from {@code parallel-run.operations.*}.
 * Each bean backs off when the application declares its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(ParallelRunProperties.class)
public class ParallelRunAutoConfiguration {

  /** The routes of {@code parallel-run.operations.*.route(s)}. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(ParallelRunConditions.OnAnySide.class)
  public OperationRouter parallelRunOperationRouter(ParallelRunProperties properties, ListableBeanFactory beans) {
    return new OperationsFactory(properties, beans).router();
  }

  /** The policies of {@code parallel-run.operations.*}; comparators are looked up by bean name. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(ParallelRunConditions.OnAnySide.class)
  public OperationPolicies parallelRunOperationPolicies(ParallelRunProperties properties, ListableBeanFactory beans) {
    return new OperationsFactory(properties, beans).policies();
  }
}
