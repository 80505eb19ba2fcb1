package io.parallelrun.examples.returns.service;

import java.time.Instant;
import java.util.List;

/** A return in the new service: the same data as the monolith's, fields in another order. */
public record Return(
    String id,
    String status,
    String customerId,
    String orderId,
    Instant createdAt,
    String reason,
    String comment,
    List<Article> items) {}
