package io.parallelrun.examples.plainservlet;

/** The data both sides serve, derived from the return id. */
final class Returns {

  private static final String[] STATUSES = {"REGISTERED", "IN_TRANSIT", "RECEIVED", "REFUNDED"};

  private Returns() {}

  static String status(int id) {
    return STATUSES[id % STATUSES.length];
  }

  static String items(int id) {
    return "[{\"sku\":\"SKU-" + (1000 + id % 7) + "\",\"quantity\":" + (1 + id % 2) + "}]";
  }

  /** The refund in cents: whole euros for even ids, with cents for odd ones. */
  static long refundCents(int id) {
    return id % 2 == 0 ? 4000 + id * 100L : 2995 + id * 100L;
  }
}
