package io.parallelrun.examples.returns.legacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.stereotype.Component;

/**
 * Renders a return's shipping label as a one-page PDF. Its metadata carries the moment it was made,
 * so two renderings of the same label never have the same bytes.
 */
@Component
public class LabelRenderer {

  public byte[] render(ReturnRecord ret) {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Return label " + ret.id());
      info.setProducer("ReturnsMonolith label printer 4.2");
      info.setCreationDate(Calendar.getInstance());
      PDPage page = new PDPage(PDRectangle.A6);
      document.addPage(page);
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDType1Font plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.newLineAtOffset(24, page.getMediaBox().getHeight() - 40);
        content.setFont(bold, 16);
        content.showText("RETURN " + ret.id());
        content.setFont(plain, 11);
        for (String line : lines(ret)) {
          content.newLineAtOffset(0, -18);
          content.showText(line);
        }
        content.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(ReturnRecord ret) {
    return List.of(
        "Order " + ret.orderId(),
        "Customer " + ret.customerId(),
        "Parcels: 1",
        "To: Returns Centre, Dock 4, 10115 Berlin");
  }
}
