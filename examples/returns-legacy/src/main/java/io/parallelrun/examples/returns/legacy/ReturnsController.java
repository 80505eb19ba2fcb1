package io.parallelrun.examples.returns.legacy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The monolith's returns API, as its clients know it. */
@RestController
@RequestMapping("/returns")
public class ReturnsController {

  /** A customer's returns. */
  public record CustomerReturns(String customerId, List<Summary> returns) {}

  /** One line of a list. */
  public record Summary(String id, String orderId, String status, Instant createdAt) {}

  /** The body of {@code POST /returns/search}. */
  public record SearchQuery(String customerId, String status) {}

  /** The answer of {@code POST /returns/search}. */
  public record SearchResult(int total, List<Hit> results) {}

  /** One search hit: comment is {@code null} when the customer left none. */
  public record Hit(String id, String customerId, String status, String reason, String comment) {}

  /** The body of {@code POST /returns}. */
  public record NewReturn(String customerId, String orderId, String reason, List<LineItem> items) {}

  /** Where a refund stands. */
  public record RefundStatus(String returnId, String state, BigDecimal amount, String currency) {}

  private final ReturnStore store;
  private final LabelRenderer labels;
  private final Executor paymentCalls;

  public ReturnsController(ReturnStore store, LabelRenderer labels, @Qualifier("paymentCalls") Executor paymentCalls) {
    this.store = store;
    this.labels = labels;
    this.paymentCalls = paymentCalls;
  }

  @GetMapping("/{id}")
  public ResponseEntity<?> getReturn(@PathVariable String id) {
    return store.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
  }

  @GetMapping
  public CustomerReturns listReturns(@RequestParam("customer") String customerId) {
    List<Summary> summaries = store.ofCustomer(customerId).stream()
        .map(r -> new Summary(r.id(), r.orderId(), r.status(), r.createdAt()))
        .toList();
    return new CustomerReturns(customerId, summaries);
  }

  @GetMapping("/{id}/label.pdf")
  public ResponseEntity<?> getLabel(@PathVariable String id) {
    return store.find(id)
        .<ResponseEntity<?>>map(r -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(labels.render(r)))
        .orElseGet(() -> notFound(id));
  }

  @PostMapping("/search")
  public SearchResult search(@RequestBody SearchQuery query) {
    List<Hit> hits = store.search(query.customerId(), query.status()).stream()
        .map(r -> new Hit(r.id(), r.customerId(), r.status(), r.reason(), r.comment()))
        .toList();
    return new SearchResult(hits.size(), hits);
  }

  @PostMapping
  public ResponseEntity<ReturnRecord> create(@RequestBody NewReturn body) {
    ReturnRecord created = store.create(body.customerId(), body.orderId(), body.reason(), body.items());
    return ResponseEntity.created(URI.create("/returns/" + created.id())).body(created);
  }

  /** Asks the (simulated) payment provider, off the request thread: an asynchronous request. */
  @GetMapping("/{id}/refund")
  public CompletableFuture<ResponseEntity<?>> getRefund(@PathVariable String id) {
    return CompletableFuture.supplyAsync(
        () -> store.find(id).<ResponseEntity<?>>map(r -> ResponseEntity.ok(refundOf(r))).orElseGet(() -> notFound(id)),
        paymentCalls);
  }

  private static RefundStatus refundOf(ReturnRecord r) {
    BigDecimal amount = r.items().stream()
        .map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    String state = "REFUNDED".equals(r.status()) ? "PAID" : "PENDING";
    return new RefundStatus(r.id(), state, amount, "EUR");
  }

  private static ResponseEntity<?> notFound(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no return " + id);
    problem.setProperties(Map.of("returnId", id));
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
