package io.parallelrun.servlet.replay.internal;

import io.parallelrun.core.wire.InvalidPayloadException;
import io.parallelrun.core.wire.internal.RequestTargets;
import java.net.URI;
import java.util.Locale;

/**
 * Builds the URI of a replay from the configured base URL and a request target taken from a
 * payload, and proves that the result still points at the base URL's scheme, host and port.
 */
public final class ReplayTargets {

  private static final String HEX = "0123456789ABCDEF";

  private final URI base;
  private final String prefix;
  private final String basePath;

  /**
   * @param baseUrl an absolute {@code http} or {@code https} URL without query or fragment, for
   *     example {@code http://127.0.0.1:8080} or {@code http://candidate:8080/app}
   * @throws IllegalArgumentException when it is not
   */
  public ReplayTargets(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("the replay base URL is not a valid URI: " + baseUrl, e);
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("the replay base URL must be http or https: " + baseUrl);
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the replay base URL must name a host, without user info: " + baseUrl);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("the replay base URL must not have a query or fragment: " + baseUrl);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    this.basePath = path;
    this.prefix = scheme + "://" + uri.getRawAuthority() + path;
    this.base = URI.create(prefix + "/");
  }

  /** The base URL, normalised, ending in {@code /}. */
  public URI base() {
    return base;
  }

  /**
   * The URI to replay a target against, or throws.
   *
   * @throws IllegalArgumentException when the target is not a plain path with an optional query,
   *     or when the result would leave the base URL
   */
  public URI resolve(String target) {
    String checked;
    try {
      checked = RequestTargets.check(target, Integer.MAX_VALUE, "/request/url/path");
    } catch (InvalidPayloadException e) {
      throw new IllegalArgumentException("refused request target: " + e.problem(), e);
    }
    URI uri;
    try {
      uri = new URI(prefix + escape(checked));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("refused request target: " + e.getMessage(), e);
    }
    if (!base.getScheme().equals(uri.getScheme())
        || !base.getRawAuthority().equals(uri.getRawAuthority())
        || !java.util.Objects.equals(base.getHost(), uri.getHost())
        || base.getPort() != uri.getPort()
        || uri.getRawUserInfo() != null
        || uri.getRawPath() == null
        || !uri.getRawPath().startsWith(basePath + "/")) {
      throw new IllegalArgumentException("refused request target: it would leave the base URL " + base);
    }
    return uri;
  }

  /** Percent-encodes what {@link URI} does not accept in a path or query, leaving valid escapes alone. */
  static String escape(String target) {
    StringBuilder sb = null;
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      boolean encode;
      switch (c) {
        case '"': case '<': case '>': case '^': case '`': case '{': case '|': case '}': case '[': case ']':
          encode = true;
          break;
        case '%':
          encode = !(i + 2 < target.length() && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2)));
          break;
        default:
          encode = c <= 0x20 || c >= 0x7F;
      }
      if (encode && sb == null) {
        sb = new StringBuilder(target.length() + 16).append(target, 0, i);
      }
      if (sb != null) {
        if (encode) {
          sb.append('%').append(HEX.charAt((c >> 4) & 0xF)).append(HEX.charAt(c & 0xF));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? target : sb.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
