package io.parallelrun.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.payload.CapturedRequest;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import io.parallelrun.core.redact.Redaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a mismatch sample that is safe to keep: the at-rest redaction applied to the request, both
 * responses and the values of the differences, and bodies cut to a few KiB.
 */
final class SampleRedactor {

  static final int MAX_SAMPLE_BODY_BYTES = 4096;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SampleRedactor() {}

  static OperationStatistics.Sample redact(
      Redaction atRest, String checkId, java.time.Instant now, CapturedRequest request,
      CapturedResponse legacy, CapturedResponse candidate, List<Difference> differences) {
    CapturedResponse legacyRedacted = atRest.redact(legacy);
    CapturedResponse candidateRedacted = candidate == null ? null : atRest.redact(candidate);
    boolean bodiesChanged =
        legacyRedacted.body() != legacy.body() || (candidate != null && candidateRedacted.body() != candidate.body());
    JsonNode legacyTree = null;
    JsonNode candidateTree = null;
    if (bodiesChanged) {
      legacyTree = tree(legacyRedacted.body());
      candidateTree = candidateRedacted == null ? null : tree(candidateRedacted.body());
    }
    List<Difference> kept = new ArrayList<>(differences.size());
    for (Difference d : differences) {
      switch (d.axis()) {
        case HEADERS:
          kept.add(Difference.of(d.axis(), d.path(), header(atRest, d.path(), d.legacyValue()),
              header(atRest, d.path(), d.candidateValue())));
          break;
        case BODY:
          if (bodiesChanged) {
            kept.add(Difference.of(d.axis(), d.path(), at(legacyTree, d.path(), d.legacyValue()),
                at(candidateTree, d.path(), d.candidateValue())));
          } else {
            kept.add(d);
          }
          break;
        default:
          kept.add(d);
      }
    }
    return new OperationStatistics.Sample(checkId, now, cut(atRest.redact(request)), cut(legacyRedacted),
        candidateRedacted == null ? null : cut(candidateRedacted), kept);
  }

  /** The value as the at-rest redaction would leave it in a header of that name. */
  private static String header(Redaction atRest, String name, String value) {
    if (value == null || name.isEmpty()) {
      return value;
    }
    CapturedResponse probe = CapturedResponse.of(200, HttpHeaders.of(name, value), null);
    CapturedResponse redacted = atRest.redact(probe);
    if (redacted == probe) {
      return value;
    }
    List<String> values = redacted.headers().all(name);
    return values.isEmpty() ? "[removed]" : String.join(", ", values);
  }

  private static JsonNode tree(byte[] body) {
    if (body == null) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The value at the pointer in the redacted body. When the redacted body cannot be read, the
   * value is withheld rather than kept unredacted.
   */
  private static String at(JsonNode tree, String pointer, String original) {
    if (original == null) {
      return null;
    }
    if (tree == null) {
      return "[redacted]";
    }
    JsonNode node = tree.at(pointer);
    if (node.isMissingNode()) {
      return "[removed]";
    }
    String text = node.toString();
    return text.length() > Difference.MAX_VALUE_LENGTH ? text.substring(0, Difference.MAX_VALUE_LENGTH - 1) + "…" : text;
  }

  private static CapturedRequest cut(CapturedRequest request) {
    byte[] body = request.body();
    if (body == null || body.length <= MAX_SAMPLE_BODY_BYTES) {
      return request;
    }
    return request.withBody(Arrays.copyOf(body, MAX_SAMPLE_BODY_BYTES), true);
  }

  private static CapturedResponse cut(CapturedResponse response) {
    byte[] body = response.body();
    if (body == null || body.length <= MAX_SAMPLE_BODY_BYTES) {
      return response;
    }
    return response.withBody(Arrays.copyOf(body, MAX_SAMPLE_BODY_BYTES), true);
  }
}
