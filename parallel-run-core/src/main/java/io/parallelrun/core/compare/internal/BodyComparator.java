package io.parallelrun.core.compare.internal;

import io.parallelrun.core.compare.BodyRules;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.payload.CapturedResponse;

/**
 * Chooses how to compare bodies by the legacy response's Content-Type: JSON for {@code
 * application/json} and {@code +json} types, text for {@code text/*}, bytes for anything else or
 * no Content-Type. Truncated bodies fail the check. Immutable and thread-safe.
 */
public final class BodyComparator implements ResponseComparator {

  private final JsonComparator json;

  public BodyComparator(BodyRules rules) {
    this.json = new JsonComparator(rules);
  }

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    MatchResult truncated = Bodies.truncation(legacy, candidate);
    if (truncated != null) {
      return truncated;
    }
    MediaType type = MediaType.parse(legacy.headers().first("Content-Type"));
    if (type != null && type.isJson()) {
      return json.compare(legacy, candidate);
    }
    if (type != null && type.isText()) {
      return TextComparator.INSTANCE.compare(legacy, candidate);
    }
    return BytesComparator.INSTANCE.compare(legacy, candidate);
  }

  @Override
  public String toString() {
    return "body(" + json + ")";
  }
}
