package io.parallelrun.core.redact;

import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;

/** What redaction needs to know about a message's Content-Type and Content-Encoding. */
final class MediaTypes {
  private MediaTypes() {}

  /** Whether the content type is {@code application/json} or has a {@code +json} suffix. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.indexOf('/') > 0 && type.endsWith("+json"));
  }

  /** The charset parameter, or {@code null} when absent or not supported by this JVM. */
  static Charset charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Whether the body is encoded (gzip, br, deflate...): anything but absent or {@code identity}. */
  static boolean isContentEncoded(HttpHeaders headers) {
    List<String> encodings = headers.all("Content-Encoding");
    for (String encoding : encodings) {
      for (String token : encoding.split(",")) {
        String value = token.strip();
        if (!value.isEmpty() && !value.equalsIgnoreCase("identity")) {
          return true;
        }
      }
    }
    return false;
  }
}
