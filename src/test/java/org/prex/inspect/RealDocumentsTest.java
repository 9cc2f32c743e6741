package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents in real formats, made with the libraries that make them, through the real extractor.
 */
class RealDocumentsTest {
  @TempDir Path dir;
  final ContentInspector inspector =
      new ContentInspector(
          java.util.Map.of(
              "PROPRIETARY", org.prex.designate.Designation.parse("CUI//SP-PROPIN"),
              "FOUO", org.prex.designate.Designation.parse("CUI")),
          Path.of(System.getProperty("java.io.tmpdir")),
          false,
          Limits.DEFAULT);

  Verdict scan(Path file) throws Exception {
    Verdict v = inspector.inspect(file, file.getFileName().toString());
    assertEquals(null, v.incomplete());
    return v;
  }

  static String joined(Verdict v) {
    org.prex.designate.Designation d = org.prex.designate.Designation.PUBLIC;
    for (String c : v.cui()) {
      d = d.join(org.prex.designate.Designation.parse(c));
    }
    return d.toString();
  }

  @Test
  void pdf_bannersAtTopAndBottomOfAPage() throws Exception {
    Path pdf = dir.resolve("eval.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        line(s, 750, "CUI//SP-EXPT");
        line(s, 700, "(CUI//SP-PROPIN) Cyber range results for Aurora 2.");
        line(s, 40, "CUI//SP-EXPT");
      }
      doc.save(pdf.toFile());
    }
    assertEquals("CUI//SP-EXPT/SP-PROPIN", joined(scan(pdf)));
  }

  @Test
  void docx_portionMarkingAndClassifiedBanner() throws Exception {
    Path docx = dir.resolve("card.docx");
    docx(docx, "SECRET//NOFORN", "(CUI//SP-PROPIN) System card.");
    Verdict m = scan(docx);
    assertEquals(List.of("SECRET//NOFORN"), m.classified());
    assertEquals("CUI//SP-PROPIN", joined(m));
  }

  @Test
  void aZip_hasItsEntriesRead_soASpillCannotHideInIt() throws Exception {
    Path inner = dir.resolve("inner.docx");
    docx(inner, "TOP SECRET//NOFORN");
    Path zip = dir.resolve("evals.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("readme.md"));
      out.write("(CUI//SP-PROPIN) Read me.\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new java.util.zip.ZipEntry("nested/report.docx"));
      out.write(Files.readAllBytes(inner));
    }
    Verdict m = scan(zip);
    assertEquals(List.of("TOP SECRET//NOFORN in entry 'nested/report.docx'"), m.classified());
    assertEquals("CUI//SP-PROPIN", joined(m));
  }

  @Test
  void html_andMarkdown_legacyMarkings() throws Exception {
    Path html =
        Files.writeString(
            dir.resolve("r.html"),
            "<html><body><p>PROPRIETARY</p><p>Results.</p><p>FOUO</p></body></html>");
    assertEquals("CUI//SP-PROPIN", joined(scan(html)));
    Path md =
        Files.writeString(
            dir.resolve("r.md"), "# Model card\n\n(CUI//SP-PROPIN) text\n", StandardCharsets.UTF_8);
    assertEquals("CUI//SP-PROPIN", joined(scan(md)));
  }

  private static void line(PDPageContentStream s, float y, String text) throws Exception {
    s.beginText();
    s.newLineAtOffset(72, y);
    s.showText(text);
    s.endText();
  }

  /** A Word document of these paragraphs, one run each. */
  private static void docx(Path file, String... paragraphs) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      for (String text : paragraphs) {
        doc.createParagraph().createRun().setText(text);
      }
      doc.write(out);
    }
  }
}
