package io.parallelrun.examples.returns.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The returns endpoints, reimplemented. Where it differs from the monolith, on purpose:
 *
 * <ul>
 *   <li>{@code GET /returns/{id}}: keys in another order, items sorted by SKU, prices as {@code
 *       129.0} where the monolith wrote {@code 129.00}, another {@code Server} header. None of it
 *       matters to a client, and the comparison agrees (items are configured as unordered).
 *   <li>{@code GET /returns?customer=}: a bug: {@code createdAt} in Berlin local time without an
 *       offset, where the monolith wrote UTC ({@code /returns/*}{@code /createdAt} differs).
 *   <li>{@code POST /returns/search}: the new search DTO leaves out empty fields, so {@code
 *       comment} is missing where the monolith wrote {@code null}.
 *   <li>{@code GET /returns/{id}/label.pdf}: the same label, other PDF metadata; compared by
 *       {@link PdfTextComparator}.
 *   <li>{@code GET /returns/{id}/refund}: the new payment client fails every fourth call with a
 *       500.
 * </ul>
 */
@RestController
@RequestMapping("/returns")
public class ReturnsController {

  private static final ZoneId WAREHOUSE_ZONE = ZoneId.of("Europe/Berlin");

  /** A customer's returns. */
  public record CustomerReturns(String customerId, List<Summary> returns) {}

  /** One line of a list; {@code createdAt} is local time (the bug). */
  public record Summary(String id, String orderId, String status, LocalDateTime createdAt) {}

  /** The body of {@code POST /returns/search}. */
  public record SearchQuery(String customerId, String status) {}

  /** The answer of {@code POST /returns/search}. */
  public record SearchResult(int total, List<Hit> results) {}

  /** One search hit; empty fields are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Hit(String id, String customerId, String status, String reason, String comment) {}

  /** The body of {@code POST /returns}. */
  public record NewReturn(String customerId, String orderId, String reason, List<Article> items) {}

  private final ReturnRepository repository;
  private final LabelService labels;
  private final PaymentClient payments;
  private final ExecutorService paymentCalls;

  public ReturnsController(
      ReturnRepository repository,
      LabelService labels,
      PaymentClient payments,
      @Qualifier("paymentCalls") ExecutorService paymentCalls) {
    this.repository = repository;
    this.labels = labels;
    this.payments = payments;
    this.paymentCalls = paymentCalls;
  }

  @GetMapping("/{id}")
  public ResponseEntity<?> getReturn(@PathVariable String id) {
    return repository.findById(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
  }

  @GetMapping
  public CustomerReturns listReturns(@RequestParam("customer") String customerId) {
    List<Summary> summaries = repository.findByCustomer(customerId).stream()
        .map(r -> new Summary(r.id(), r.orderId(), r.status(), LocalDateTime.ofInstant(r.createdAt(), WAREHOUSE_ZONE)))
        .toList();
    return new CustomerReturns(customerId, summaries);
  }

  @GetMapping("/{id}/label.pdf")
  public ResponseEntity<?> getLabel(@PathVariable String id) {
    return repository.findById(id)
        .<ResponseEntity<?>>map(r -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(labels.label(r)))
        .orElseGet(() -> notFound(id));
  }

  @PostMapping("/search")
  public SearchResult search(@RequestBody SearchQuery query) {
    List<Hit> hits = repository.search(query.customerId(), query.status()).stream()
        .map(r -> new Hit(r.id(), r.customerId(), r.status(), r.reason(), r.comment()))
        .toList();
    return new SearchResult(hits.size(), hits);
  }

  @PostMapping
  public ResponseEntity<Return> create(@RequestBody NewReturn body) {
    Return created = repository.save(body.customerId(), body.orderId(), body.reason(), body.items());
    return ResponseEntity.created(URI.create("/returns/" + created.id())).body(created);
  }

  @GetMapping("/{id}/refund")
  public CompletableFuture<ResponseEntity<?>> getRefund(@PathVariable String id) {
    return CompletableFuture.supplyAsync(
        () -> repository.findById(id)
            .<ResponseEntity<?>>map(r -> ResponseEntity.ok(payments.refundOf(r)))
            .orElseGet(() -> notFound(id)),
        paymentCalls);
  }

  @ExceptionHandler(PaymentClient.PaymentProviderException.class)
  public ResponseEntity<ProblemDetail> paymentFailed(PaymentClient.PaymentProviderException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static ResponseEntity<?> notFound(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no return " + id);
    problem.setProperties(Map.of("returnId", id));
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
