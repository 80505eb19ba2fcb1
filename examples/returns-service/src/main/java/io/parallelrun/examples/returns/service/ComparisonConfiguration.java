package io.parallelrun.examples.returns.service;

import io.parallelrun.core.compare.ResponseComparator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The custom comparator, named in {@code parallel-run.operations.getLabel.comparator}. */
@Configuration(proxyBeanMethods = false)
class ComparisonConfiguration {

  @Bean
  ResponseComparator pdfTextComparator() {
    return new PdfTextComparator();
  }
}
