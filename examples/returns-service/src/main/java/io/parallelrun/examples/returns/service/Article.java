package io.parallelrun.examples.returns.service;

/** One article sent back; prices are doubles here, where the monolith had decimals. */
public record Article(String sku, String description, int quantity, double unitPrice, int line) {}
