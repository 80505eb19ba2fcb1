package io.parallelrun.examples.returns.service;

import io.parallelrun.servlet.replay.ReplayContext;
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
import org.springframework.stereotype.Service;

/**
 * Makes return labels: the same text as the monolith's, with other PDF metadata (producer,
 * creation date, author). Printing a label books a pickup with the carrier, a side effect that a
 * replayed request must not repeat.
 */
@Service
public class LabelService {

  private final CarrierClient carrier;

  public LabelService(CarrierClient carrier) {
    this.carrier = carrier;
  }

  public byte[] label(Return ret) {
    byte[] pdf = render(ret);
    if (ReplayContext.isReplay()) {
      // the monolith served the original request and booked that pickup
      carrier.skipForReplay(ret.id());
    } else {
      carrier.bookPickup(ret.id());
    }
    return pdf;
  }

  static byte[] render(Return ret) {
    return render(ret, Calendar.getInstance());
  }

  static byte[] render(Return ret, Calendar created) {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Return label " + ret.id());
      info.setAuthor("returns-service");
      info.setProducer("returns-service (Apache PDFBox)");
      info.setCreationDate(created);
      info.setModificationDate(created);
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
        for (String line : List.of(
            "Order " + ret.orderId(),
            "Customer " + ret.customerId(),
            "Parcels: 1",
            "To: Returns Centre, Dock 4, 10115 Berlin")) {
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
}
