package io.parallelrun.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parallelrun.core.readiness.ReadinessReport;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator endpoint {@code parallelrun}: this candidate instance's readiness report, the same
 * JSON as {@code GET /consistency-checks/report}; {@code /actuator/parallelrun/{operationId}}
 * gives one operation. Thread-safe.
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

  /** One operation of the report, or {@code null} (404) when the operation has no checks yet. */
  @ReadOperation
  public Map<String, Object> operation(@Selector String operationId) {
    Object operations = report().get("operations");
    if (operations instanceof List) {
      for (Object operation : (List<?>) operations) {
        if (operation instanceof Map && operationId.equals(((Map<?, ?>) operation).get("operationId"))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> found = (Map<String, Object>) operation;
          return found;
        }
      }
    }
    return null;
  }

  private static Map<String, Object> asMap(ReadinessReport report) {
    try {
      return JSON.readValue(report.toJson(), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
