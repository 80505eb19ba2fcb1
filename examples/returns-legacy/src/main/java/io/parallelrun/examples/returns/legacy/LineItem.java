package io.parallelrun.examples.returns.legacy;

import java.math.BigDecimal;

/** One article sent back, as the monolith stores it. */
public record LineItem(int line, String sku, String description, int quantity, BigDecimal unitPrice) {}
