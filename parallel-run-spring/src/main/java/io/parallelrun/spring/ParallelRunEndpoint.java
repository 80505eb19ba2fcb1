package io.parallelrun.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;

/**
 * The Actuator endpoint {@code parallelrun}: this candidate instance's readiness report, the same
 * JSON as {@code GET /consistency-checks/report}; {@code /actuator/parallelrun/{operationId}}
 * gives one operation. The operation id is the rest of the path, so an id with slashes works:
 * {@code GET /returns/{id}} is {@code /actuator/parallelrun/GET%20/returns/%7Bid%7D}. Thread-safe.
 */
@Endpoint(id = "parallelrun")
public class ParallelRunEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ConsistencyCheckServlet receiver;

  public ParallelRunEndpoint(ConsistencyCheckServlet receiver) {
    this.receiver = receiver;
  }

  /** The whole report. */
  @ReadOperation
  public Map<String, Object> report() {
    return asMap(receiver.report());
  }

  /**
   * One operation of the report, or {@code null} (404) when the operation has no checks yet.
   *
   * @param path the operation id's segments, split at {@code /} and each percent-decoded; the
   *     path loses empty segments ({@code GET /} arrives as {@code GET }), so an id is also found
   *     when it equals the path once its own empty segments are dropped
   */
  @ReadOperation
  public Map<String, Object> operation(@Selector(match = Match.ALL_REMAINING) String... path) {
    return operationById(String.join("/", path));
  }

  /** One operation of the report, or {@code null} when the operation has no checks yet. */
  public Map<String, Object> operationById(String operationId) {
    Map<String, Object> loose = null;
    Object operations = report().get("operations");
    if (operations instanceof List) {
      String wanted = withoutEmptySegments(operationId);
      for (Object operation : (List<?>) operations) {
        if (operation instanceof Map && ((Map<?, ?>) operation).get("operationId") instanceof String id) {
          @SuppressWarnings("unchecked")
          Map<String, Object> found = (Map<String, Object>) operation;
          if (operationId.equals(id)) {
            return found;
          }
          if (loose == null && wanted.equals(withoutEmptySegments(id))) {
            loose = found;
          }
        }
      }
    }
    return loose;
  }

  private static String withoutEmptySegments(String id) {
    return String.join("/", Arrays.stream(id.split("/")).filter(s -> !s.isEmpty()).toList());
  }

  private static Map<String, Object> asMap(ReadinessReport report) {
    try {
      return JSON.readValue(report.toJson(), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
