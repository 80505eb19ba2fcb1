package io.parallelrun.core.payload;

final class Bodies {
  private Bodies() {}

  static String describe(byte[] body) {
    return body == null ? "none" : body.length + " bytes";
  }
}
