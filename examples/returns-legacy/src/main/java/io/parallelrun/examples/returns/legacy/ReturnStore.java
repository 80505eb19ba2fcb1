package io.parallelrun.examples.returns.legacy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The monolith's returns, in memory: twelve seeded returns of four customers, plus those created. */
@Component
public class ReturnStore {

  private static final Instant EPOCH = Instant.parse("2025-11-03T09:12:00Z");
  private static final String[] REASONS = {"too small", "damaged", "changed my mind", "wrong colour"};
  private static final String[] STATUSES = {"REGISTERED", "IN_TRANSIT", "RECEIVED", "REFUNDED"};
  private static final String[][] ARTICLES = {
    {"SKU-1001", "Running shoe", "89.95"},
    {"SKU-2040", "Rain jacket", "129.00"},
    {"SKU-3117", "Wool scarf", "24.50"},
    {"SKU-4002", "Denim jeans", "59.90"},
    {"SKU-5230", "Backpack", "45.00"},
  };

  private final Map<String, ReturnRecord> returns = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(2001);

  public ReturnStore() {
    for (int i = 0; i < 12; i++) {
      String id = "R-" + (1001 + i);
      List<LineItem> items = new ArrayList<>();
      for (int line = 1; line <= 1 + i % 3; line++) {
        String[] article = ARTICLES[(i + line * 2) % ARTICLES.length];
        items.add(new LineItem(line, article[0], article[1], 1 + (i + line) % 2, new BigDecimal(article[2])));
      }
      returns.put(id, new ReturnRecord(
          id,
          "C-" + (1 + i % 4),
          "O-" + (50001 + i * 7),
          STATUSES[i % STATUSES.length],
          REASONS[i % REASONS.length],
          i % 3 == 0 ? "please collect at the back door" : null,
          EPOCH.plus(Duration.ofHours(i * 13L)),
          List.copyOf(items)));
    }
  }

  public Optional<ReturnRecord> find(String id) {
    return Optional.ofNullable(returns.get(id));
  }

  /** A customer's returns, oldest first. */
  public List<ReturnRecord> ofCustomer(String customerId) {
    return returns.values().stream()
        .filter(r -> r.customerId().equals(customerId))
        .sorted(Comparator.comparing(ReturnRecord::createdAt).thenComparing(ReturnRecord::id))
        .toList();
  }

  /** Returns matching every criterion given ({@code null} matches anything), oldest first. */
  public List<ReturnRecord> search(String customerId, String status) {
    return returns.values().stream()
        .filter(r -> customerId == null || r.customerId().equals(customerId))
        .filter(r -> status == null || r.status().equals(status))
        .sorted(Comparator.comparing(ReturnRecord::createdAt).thenComparing(ReturnRecord::id))
        .toList();
  }

  public ReturnRecord create(String customerId, String orderId, String reason, List<LineItem> items) {
    String id = "R-" + nextId.getAndIncrement();
    ReturnRecord created =
        new ReturnRecord(id, customerId, orderId, "REGISTERED", reason, null, Instant.now(), List.copyOf(items));
    returns.put(id, created);
    return created;
  }
}
