package io.parallelrun.examples.returns.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfTextComparatorTest {

  private static final Return RETURN = new Return("R-1001", "REGISTERED", "C-1", "O-50001",
      Instant.parse("2025-11-03T09:12:00Z"), "too small", null, List.of());

  private final PdfTextComparator comparator = new PdfTextComparator();

  @Test
  void labelsThatDifferOnlyInMetadataMatch() {
    Calendar later = Calendar.getInstance();
    later.add(Calendar.HOUR, 1);
    byte[] first = LabelService.render(RETURN);
    byte[] second = LabelService.render(RETURN, later);
    assertThat(first).isNotEqualTo(second);

    assertThat(comparator.compare(pdf(first), pdf(second))).isEqualTo(MatchResult.matched());
  }

  @Test
  void aDifferentLineIsNamedByPageAndLine() {
    Return other = new Return("R-1001", "REGISTERED", "C-1", "O-99999", RETURN.createdAt(), "too small", null, List.of());

    MatchResult result = comparator.compare(pdf(LabelService.render(RETURN)), pdf(LabelService.render(other)));

    assertThat(result.outcome()).isEqualTo(MatchResult.Outcome.UNMATCHED);
    assertThat(result.differences()).containsExactly(
        Difference.of(Difference.Axis.BODY, "/pages/1/lines/2", "Order O-50001", "Order O-99999"));
  }

  @Test
  void aBodyThatIsNotAPdfNeverMatches() {
    CapturedResponse garbage = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/pdf"),
        "not a pdf".getBytes(StandardCharsets.US_ASCII));

    MatchResult result = comparator.compare(pdf(LabelService.render(RETURN)), garbage);

    assertThat(result.outcome()).isEqualTo(MatchResult.Outcome.UNMATCHED);
    assertThat(result.differences()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEmpty();
      assertThat(d.candidateValue()).startsWith("not a PDF");
    });
  }

  @Test
  void aTruncatedBodyNeverMatches() {
    byte[] label = LabelService.render(RETURN);
    CapturedResponse truncated = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/pdf"), label, true);

    assertThat(comparator.compare(truncated, pdf(label)).outcome()).isEqualTo(MatchResult.Outcome.UNMATCHED);
  }

  private static CapturedResponse pdf(byte[] body) {
    return CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/pdf"), body);
  }
}
