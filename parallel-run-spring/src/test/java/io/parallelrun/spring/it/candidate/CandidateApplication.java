package io.parallelrun.spring.it.candidate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.servlet.replay.ReplayContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The candidate of {@code LegacyApplication}: the same API, returns with items in another order and
 * another creation time (both configured away), and orders whose total differs.
 */
@SpringBootApplication
public class CandidateApplication {

  /** Requests the handlers saw as replays, through ReplayContext. */
  public static final AtomicInteger REPLAYS_SEEN = new AtomicInteger();

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @RestController
  static class ReturnsController {

    @GetMapping("/returns/{id}")
    Map<String, Object> getReturn(@PathVariable("id") long id) {
      seen(ReplayContext.isReplay());
      return Map.of("id", id, "items", List.of("sock", "shoe"), "state", "OPEN", "createdAt", "2026-12-06T00:00:00Z");
    }

    @GetMapping("/returns/{id}/status")
    Callable<Map<String, Object>> status(@PathVariable("id") long id, HttpServletRequest request) {
      boolean replay = ReplayContext.isReplay();
      return () -> {
        seen(replay && ReplayContext.isReplay(request));
        return Map.of("id", id, "status", "IN_TRANSIT");
      };
    }

    @PostMapping("/returns/search")
    Map<String, Object> search(@RequestBody Map<String, Object> query) {
      seen(ReplayContext.isReplay());
      return Map.of("query", query, "results", List.of(1, 2));
    }

    @GetMapping("/orders/{orderId:\\d+}")
    Map<String, Object> order(@PathVariable("orderId") String orderId) {
      seen(ReplayContext.isReplay());
      return Map.of("orderId", orderId, "total", 13.0);
    }

    private static void seen(boolean replay) {
      if (replay) {
        REPLAYS_SEEN.incrementAndGet();
      }
    }
  }
}
