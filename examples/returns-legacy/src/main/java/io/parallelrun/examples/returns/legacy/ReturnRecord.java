package io.parallelrun.examples.returns.legacy;

import java.time.Instant;
import java.util.List;

/** A return as the monolith serves it: field order as declared here, {@code null} fields written. */
public record ReturnRecord(
    String id,
    String customerId,
    String orderId,
    String status,
    String reason,
    String comment,
    Instant createdAt,
    List<LineItem> items) {}
