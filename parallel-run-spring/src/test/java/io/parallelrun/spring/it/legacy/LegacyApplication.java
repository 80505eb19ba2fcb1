package io.parallelrun.spring.it.legacy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A legacy application: returns, their status (asynchronously), orders and an internal endpoint. */
@SpringBootApplication
public class LegacyApplication {

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @RestController
  static class ReturnsController {

    @GetMapping("/returns/{id}")
    Map<String, Object> getReturn(@PathVariable("id") long id) {
      return Map.of("id", id, "items", List.of("shoe", "sock"), "state", "OPEN", "createdAt", "2020-01-01T00:00:00Z");
    }

    /** Answered from another thread: an asynchronous request with an ASYNC dispatch. */
    @GetMapping("/returns/{id}/status")
    Callable<Map<String, Object>> status(@PathVariable("id") long id) {
      return () -> Map.of("id", id, "status", "IN_TRANSIT");
    }

    @PostMapping("/returns/search")
    Map<String, Object> search(@RequestBody Map<String, Object> query) {
      return Map.of("query", query, "results", List.of(1, 2));
    }

    @GetMapping("/orders/{orderId:\\d+}")
    Map<String, Object> order(@PathVariable("orderId") String orderId) {
      return Map.of("orderId", orderId, "total", 12.5);
    }

    @PostMapping("/orders")
    Map<String, Object> createOrder(@RequestBody Map<String, Object> order) {
      return Map.of("created", true);
    }

    @GetMapping("/internal/ping")
    String ping() {
      return "pong";
    }
  }
}
