package io.parallelrun.examples.returns.service;

import io.parallelrun.core.compare.Difference;
import io.parallelrun.core.compare.MatchResult;
import io.parallelrun.core.compare.ResponseComparator;
import io.parallelrun.core.compare.ResponseComparators;
import io.parallelrun.core.payload.CapturedResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Compares PDF responses by what a person reads: the text of each page, extracted with Apache
 * PDFBox, line by line. Metadata (creation date, producer), object layout and compression do not
 * count. Status and headers are compared as usual.
 *
 * <p>A difference names the page and line, for example {@code /pages/1/lines/3}. A truncated body
 * or one that is not a PDF is a difference at {@code ""}, never a match.
 *
 * <p>This class is thread-safe: each comparison uses its own documents and stripper.
 */
public final class PdfTextComparator implements ResponseComparator {

  private final ResponseComparator statusAndHeaders =
      ResponseComparators.allOf(ResponseComparators.status(), ResponseComparators.headers());

  @Override
  public MatchResult compare(CapturedResponse legacy, CapturedResponse candidate) {
    MatchResult.Builder result = MatchResult.builder().merge(statusAndHeaders.compare(legacy, candidate));
    if (legacy.truncated() || candidate.truncated()) {
      return result.add(Difference.of(Difference.Axis.BODY, "",
          legacy.truncated() ? "(truncated)" : "(complete)",
          candidate.truncated() ? "(truncated)" : "(complete)")).build();
    }
    List<List<String>> legacyPages;
    List<List<String>> candidatePages;
    try {
      legacyPages = pages(legacy.body());
    } catch (IOException e) {
      return result.add(Difference.of(Difference.Axis.BODY, "", "not a PDF: " + e.getMessage(), null)).build();
    }
    try {
      candidatePages = pages(candidate.body());
    } catch (IOException e) {
      return result.add(Difference.of(Difference.Axis.BODY, "", null, "not a PDF: " + e.getMessage())).build();
    }
    int pageCount = Math.max(legacyPages.size(), candidatePages.size());
    for (int p = 0; p < pageCount && !result.isFull(); p++) {
      List<String> left = p < legacyPages.size() ? legacyPages.get(p) : List.of();
      List<String> right = p < candidatePages.size() ? candidatePages.get(p) : List.of();
      int lineCount = Math.max(left.size(), right.size());
      for (int l = 0; l < lineCount; l++) {
        String a = l < left.size() ? left.get(l) : null;
        String b = l < right.size() ? right.get(l) : null;
        if (a == null || !a.equals(b)) {
          result.add(Difference.of(Difference.Axis.BODY, "/pages/" + (p + 1) + "/lines/" + (l + 1), a, b));
        }
      }
    }
    return result.build();
  }

  /** The text lines of each page, trimmed, blank lines left out. */
  static List<List<String>> pages(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      ArrayList<List<String>> pages = new ArrayList<>();
      for (int page = 1; page <= document.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        pages.add(stripper.getText(document).lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
      }
      return pages;
    }
  }

  @Override
  public String toString() {
    return "PdfTextComparator";
  }
}
