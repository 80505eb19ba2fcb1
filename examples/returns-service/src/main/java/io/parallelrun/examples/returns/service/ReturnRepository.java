package io.parallelrun.examples.returns.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Repository;

/**
 * The new service's returns, in memory: the monolith's twelve returns as migrated, line items kept
 * sorted by SKU (the monolith keeps them in line order).
 */
@Repository
public class ReturnRepository {

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
  private static final Comparator<Return> OLDEST_FIRST =
      Comparator.comparing(Return::createdAt).thenComparing(Return::id);

  private final Map<String, Return> returns = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(2001);

  public ReturnRepository() {
    for (int i = 0; i < 12; i++) {
      String id = "R-" + (1001 + i);
      List<Article> items = new ArrayList<>();
      for (int line = 1; line <= 1 + i % 3; line++) {
        String[] article = ARTICLES[(i + line * 2) % ARTICLES.length];
        items.add(new Article(article[0], article[1], 1 + (i + line) % 2, Double.parseDouble(article[2]), line));
      }
      items.sort(Comparator.comparing(Article::sku));
      returns.put(id, new Return(
          id,
          STATUSES[i % STATUSES.length],
          "C-" + (1 + i % 4),
          "O-" + (50001 + i * 7),
          EPOCH.plus(Duration.ofHours(i * 13L)),
          REASONS[i % REASONS.length],
          i % 3 == 0 ? "please collect at the back door" : null,
          List.copyOf(items)));
    }
  }

  public Optional<Return> findById(String id) {
    return Optional.ofNullable(returns.get(id));
  }

  public List<Return> findByCustomer(String customerId) {
    return returns.values().stream().filter(r -> r.customerId().equals(customerId)).sorted(OLDEST_FIRST).toList();
  }

  public List<Return> search(String customerId, String status) {
    return returns.values().stream()
        .filter(r -> customerId == null || r.customerId().equals(customerId))
        .filter(r -> status == null || r.status().equals(status))
        .sorted(OLDEST_FIRST)
        .toList();
  }

  public Return save(String customerId, String orderId, String reason, List<Article> items) {
    String id = "R-" + nextId.getAndIncrement();
    List<Article> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Article::sku));
    Return created = new Return(id, "REGISTERED", customerId, orderId, Instant.now(), reason, null, List.copyOf(sorted));
    returns.put(id, created);
    return created;
  }
}
