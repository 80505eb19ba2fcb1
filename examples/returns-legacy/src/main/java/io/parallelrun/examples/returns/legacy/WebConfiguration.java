package io.parallelrun.examples.returns.legacy;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  /** The monolith names itself in a {@code Server} header; parallel-run ignores that header by default. */
  @Bean
  Filter serverHeader() {
    return (request, response, chain) -> {
      ((HttpServletResponse) response).setHeader("Server", "ReturnsMonolith/4.2");
      chain.doFilter(request, response);
    };
  }

  /** Threads calling the payment provider. */
  @Bean(destroyMethod = "shutdown")
  ExecutorService paymentCalls() {
    return Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "legacy-payment-call");
      t.setDaemon(true);
      return t;
    });
  }
}
