package org.prex.inspect;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.model.XWPFHeaderFooterPolicy;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * A hostile lab's ways of hiding a classified marking, each with a clean twin made the same way:
 * every spill must be held, every twin delivered, so that "hold everything" cannot pass. Made fresh
 * by the tests, with the libraries and formats a lab would use.
 */
public final class HostileCorpus {
  /** One way: the file name a lab would give, and how to make it with a given text. */
  public record Vector(String name, String fileName, Maker maker) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  public interface Maker {
    void make(Path out, String text) throws Exception;
  }

  public static final String SPILL = "SECRET//NOFORN";
  public static final String CLEAN = "UNRESTRICTED SUMMARY";

  private HostileCorpus() {}

  public static List<Vector> vectors() {
    List<Vector> v = new ArrayList<>();
    v.add(
        new Vector(
            "plain text",
            "notes.txt",
            (p, t) -> text(p, "Intro.\n" + t + "\nBody.\n", StandardCharsets.UTF_8)));
    v.add(new Vector("text past 1 MiB", "big.txt", HostileCorpus::bigText));
    v.add(
        new Vector(
            "UTF-16LE without BOM",
            "u16le.txt",
            (p, t) -> text(p, "Report\n" + t + "\nend\n", StandardCharsets.UTF_16LE)));
    v.add(
        new Vector(
            "UTF-16BE without BOM",
            "u16be.dat",
            (p, t) -> text(p, "Report\n" + t + "\nend\n", StandardCharsets.UTF_16BE)));
    v.add(
        new Vector(
            "UTF-16 with BOM",
            "bom16.txt",
            (p, t) -> text(p, "\uFEFFReport\n" + t + "\nend\n", StandardCharsets.UTF_16LE)));
    v.add(
        new Vector(
            "UTF-32LE without BOM",
            "u32.txt",
            (p, t) -> text(p, "Report\n" + t + "\nend\n", Charset.forName("UTF-32LE"))));
    v.add(
        new Vector(
            "UTF-32BE with BOM",
            "u32be.txt",
            (p, t) -> text(p, "\uFEFFReport\n" + t + "\nend\n", Charset.forName("UTF-32BE"))));
    v.add(
        new Vector(
            "spaced banner",
            "spaced.md",
            (p, t) ->
                text(p, "# Card\n\n" + t.replace("//", " // ") + "\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "zero-width characters",
            "zw.md",
            (p, t) -> text(p, "# Card\n" + zeroWidth(t) + "\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "Cyrillic look-alikes",
            "cyr.md",
            (p, t) ->
                text(
                    p,
                    "# Card\n"
                        + t.replace('S', 'Ѕ').replace('E', 'Е').replace('C', 'С').replace('O', 'О')
                        + "\n",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "Greek look-alikes",
            "greek.md",
            (p, t) ->
                text(
                    p,
                    "# Card\n" + t.replace('E', 'Ε').replace('T', 'Τ').replace('N', 'Ν') + "\n",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "full-width letters",
            "fw.md",
            (p, t) -> text(p, "# Card\n" + fullWidth(t) + "\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "lower case banner",
            "lower.txt",
            (p, t) -> text(p, "x\n" + t.toLowerCase() + "\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "banner inside a sentence",
            "inline.txt",
            (p, t) ->
                text(p, "The header reads " + t + " on each page.\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "HTML comment",
            "page.html",
            (p, t) ->
                text(
                    p,
                    "<html><body><p>Results</p><!-- " + t + " --></body></html>",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "HTML character references",
            "ent.html",
            (p, t) ->
                text(
                    p,
                    "<html><body><p>" + entities(t) + "</p></body></html>",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "Markdown comment",
            "c.md",
            (p, t) -> text(p, "# Card\n<!--\n" + t + "\n-->\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "XML comment",
            "data.xml",
            (p, t) ->
                text(
                    p,
                    "<?xml version=\"1.0\"?><r><!-- " + t + " --><a>1</a></r>",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "JSON unicode escapes",
            "res.json",
            (p, t) -> text(p, "{\"note\": \"" + jsonEscaped(t) + "\"}", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "SVG text",
            "fig.svg",
            (p, t) ->
                text(
                    p,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"10\">"
                        + t
                        + "</text></svg>",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "banner in a CSV cell",
            "r.csv",
            (p, t) -> text(p, "id,text\n1,\"" + t + "\"\n", StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "portion mark (S) on a paragraph",
            "para.txt",
            (p, t) ->
                text(
                    p,
                    (t.equals(SPILL) ? "(S)" : "(U)") + " The exploit chain.\n",
                    StandardCharsets.UTF_8)));
    v.add(
        new Vector(
            "bare banner as a Markdown heading",
            "h.md",
            (p, t) ->
                text(
                    p,
                    "# " + (t.equals(SPILL) ? "SECRET" : "SUMMARY") + "\n\nText.\n",
                    StandardCharsets.UTF_8)));
    v.add(new Vector("late zip entry", "evals.zip", HostileCorpus::lateZipEntry));
    v.add(new Vector("zip in tar.gz in zip", "nested.zip", HostileCorpus::nested));
    v.add(
        new Vector(
            "gzip",
            "log.txt.gz",
            (p, t) -> {
              try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
                o.write(("log\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }));
    v.add(
        new Vector(
            "bzip2",
            "log.bz2",
            (p, t) -> {
              try (OutputStream o = new BZip2CompressorOutputStream(Files.newOutputStream(p))) {
                o.write(("log\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }));
    v.add(
        new Vector(
            "xz",
            "log.xz",
            (p, t) -> {
              try (OutputStream o =
                  new XZOutputStream(Files.newOutputStream(p), new LZMA2Options())) {
                o.write(("log\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }));
    v.add(
        new Vector(
            "lzma",
            "log.lzma",
            (p, t) -> {
              try (OutputStream o =
                  new LZMAOutputStream(Files.newOutputStream(p), new LZMA2Options(), -1)) {
                o.write(("log\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }));
    v.add(
        new Vector(
            "zstd",
            "log.zst",
            (p, t) -> {
              try (OutputStream o =
                  new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(p))) {
                o.write(("log\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }));
    v.add(new Vector("7z", "bundle.7z", HostileCorpus::sevenZ));
    v.add(
        new Vector(
            "DOCX body portion mark",
            "card.docx",
            (p, t) ->
                docx(
                    p,
                    null,
                    t.equals(SPILL) ? "(S//NF) The exploit chain." : "(U) The model card.",
                    null)));
    v.add(new Vector("DOCX header", "hdr.docx", (p, t) -> docx(p, t, "Body text.", null)));
    v.add(new Vector("DOCX footer", "ftr.docx", (p, t) -> docx(p, null, "Body text.", t)));
    v.add(new Vector("PPTX speaker notes", "deck.pptx", HostileCorpus::pptxNotes));
    v.add(new Vector("XLSX cell", "book.xlsx", HostileCorpus::xlsx));
    v.add(new Vector("PDF page", "r.pdf", (p, t) -> pdf(p, t, null, null, false)));
    v.add(new Vector("PDF annotation", "annot.pdf", (p, t) -> pdf(p, "Results.", t, null, false)));
    v.add(new Vector("PDF attachment", "attach.pdf", (p, t) -> pdf(p, "Results.", null, t, false)));
    v.add(
        new Vector(
            "RTF",
            "memo.rtf",
            (p, t) ->
                text(
                    p,
                    "{\\rtf1\\ansi{\\fonttbl\\f0 Helvetica;}\\f0\\pard Memo\\par " + t + "\\par}",
                    StandardCharsets.US_ASCII)));
    v.add(
        new Vector(
            "binary with ASCII run",
            "blob.bin",
            (p, t) -> binary(p, t.getBytes(StandardCharsets.US_ASCII))));
    v.add(
        new Vector(
            "binary with UTF-16LE run",
            "blob2.bin",
            (p, t) -> binary(p, t.getBytes(StandardCharsets.UTF_16LE))));
    v.add(
        new Vector(
            "binary with odd-aligned UTF-16BE run",
            "blob3.bin",
            (p, t) -> binary(p, concat(new byte[] {7}, t.getBytes(StandardCharsets.UTF_16BE)))));
    v.add(
        new Vector(
            "GGUF magic, report inside",
            "model.gguf",
            (p, t) -> {
              byte[] head = "GGUF".getBytes(StandardCharsets.US_ASCII);
              binary(
                  p,
                  concat(
                      head,
                      new byte[] {3, 0, 0, 0},
                      ("\n" + t + "\n").getBytes(StandardCharsets.US_ASCII)));
            }));
    v.add(new Vector("GGUF metadata", "real.gguf", (p, t) -> Weights.gguf(p, t)));
    v.add(
        new Vector(
            "safetensors magic, report inside",
            "w.safetensors",
            (p, t) -> Weights.fakeSafetensors(p, t)));
    v.add(
        new Vector(
            "safetensors __metadata__",
            "m.safetensors",
            (p, t) -> Weights.safetensors(p, t, null)));
    v.add(
        new Vector(
            "safetensors, report after the tensors",
            "tail.safetensors",
            (p, t) -> Weights.safetensors(p, "ok", "\n" + t + "\n")));
    v.add(
        new Vector(
            "PyTorch zip with a report inside", "ckpt.pt", (p, t) -> Weights.torchZip(p, t)));
    v.add(new Vector("NumPy string array", "labels.npy", (p, t) -> Weights.npyStrings(p, t)));
    v.add(new Vector("PNG with text drawn (OCR)", "shot.png", HostileCorpus::png));
    v.add(new Vector("PNG text chunk", "meta.png", HostileCorpus::pngChunk));
    return v;
  }

  // ---- makers ----

  static void text(Path p, String s, Charset cs) throws IOException {
    Files.write(p, s.getBytes(cs));
  }

  static void bigText(Path p, String t) throws IOException {
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p))) {
      byte[] line =
          "filler text without any marking at all, line after line\n"
              .getBytes(StandardCharsets.US_ASCII);
      for (long n = 0; n < 3L << 20; n += line.length) {
        out.write(line);
      }
      out.write((t + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  static String zeroWidth(String t) {
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c).append('\u200B');
    }
    return b.toString();
  }

  static String fullWidth(String t) {
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c > 0x20 && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c);
    }
    return b.toString();
  }

  static String entities(String t) {
    return "&#" + (int) t.charAt(0) + ";" + t.substring(1).replace("/", "&#x2F;");
  }

  static String jsonEscaped(String t) {
    return "\\u00" + Integer.toHexString(t.charAt(0)) + t.substring(1).replace("/", "\\/");
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** Random bytes (a fixed seed) around the text. */
  static void binary(Path p, byte[] inside) throws IOException {
    Random r = new Random(42);
    byte[] before = new byte[100_000];
    byte[] after = new byte[100_000];
    r.nextBytes(before);
    r.nextBytes(after);
    Files.write(p, concat(before, new byte[] {0, 0}, inside, new byte[] {0, 0}, after));
  }

  static void lateZipEntry(Path p, String t) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      for (int i = 0; i < 300; i++) {
        zip.putNextEntry(new ZipEntry("transcripts/run-" + i + ".txt"));
        zip.write(
            ("transcript " + i + ": the model answered.\n")
                .repeat(200)
                .getBytes(StandardCharsets.UTF_8));
      }
      zip.putNextEntry(new ZipEntry("transcripts/zz-last.txt"));
      zip.write(("last\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  static void nested(Path p, String t) throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(inner)) {
      zip.putNextEntry(new ZipEntry("deep/report.md"));
      zip.write(("# Report\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(tgz))) {
      TarArchiveEntry e = new TarArchiveEntry("inner.zip");
      e.setSize(inner.size());
      tar.putArchiveEntry(e);
      tar.write(inner.toByteArray());
      tar.closeArchiveEntry();
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      zip.putNextEntry(new ZipEntry("bundle.tar.gz"));
      zip.write(tgz.toByteArray());
    }
  }

  static void sevenZ(Path p, String t) throws IOException {
    try (SevenZOutputFile out = new SevenZOutputFile(p.toFile())) {
      SevenZArchiveEntry e = new SevenZArchiveEntry();
      e.setName("notes/readme.txt");
      e.setLastModifiedDate(new java.util.Date());
      out.putArchiveEntry(e);
      out.write(("notes\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
  }

  static void docx(Path p, String header, String body, String footer) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      XWPFHeaderFooterPolicy policy = doc.createHeaderFooterPolicy();
      if (header != null) {
        XWPFParagraph h = policy.createHeader(XWPFHeaderFooterPolicy.DEFAULT).createParagraph();
        h.createRun().setText(header);
      }
      if (footer != null) {
        XWPFParagraph f = policy.createFooter(XWPFHeaderFooterPolicy.DEFAULT).createParagraph();
        f.createRun().setText(footer);
      }
      doc.createParagraph().createRun().setText(body);
      doc.write(out);
    }
  }

  static void pptxNotes(Path p, String t) throws IOException {
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(p)) {
      XSLFSlide slide = show.createSlide();
      slide.createTextBox().setText("Eval summary");
      XSLFNotes notes = show.getNotesSlide(slide);
      for (XSLFTextShape s : notes.getPlaceholders()) {
        if (s.getTextType() == org.apache.poi.sl.usermodel.Placeholder.BODY) {
          s.setText(t);
        }
      }
      show.write(out);
    }
  }

  static void xlsx(Path p, String t) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(p)) {
      var sheet = book.createSheet("results");
      sheet.createRow(0).createCell(0).setCellValue("score");
      sheet.createRow(1).createCell(0).setCellValue(0.93);
      sheet.createRow(40).createCell(7).setCellValue(t);
      book.write(out);
    }
  }

  static void pdf(Path p, String page, String annotation, String attachment, boolean encrypt)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage pg = new PDPage();
      doc.addPage(pg);
      try (PDPageContentStream s = new PDPageContentStream(doc, pg)) {
        s.beginText();
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        s.newLineAtOffset(72, 700);
        s.showText(page);
        s.endText();
      }
      if (annotation != null) {
        PDAnnotationText note = new PDAnnotationText();
        note.setContents(annotation);
        note.setRectangle(new org.apache.pdfbox.pdmodel.common.PDRectangle(100, 100, 20, 20));
        pg.getAnnotations().add(note);
      }
      if (attachment != null) {
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile("appendix.txt");
        PDEmbeddedFile ef =
            new PDEmbeddedFile(
                doc,
                new java.io.ByteArrayInputStream(
                    ("Appendix\n" + attachment + "\n").getBytes(StandardCharsets.UTF_8)));
        ef.setSubtype("text/plain");
        spec.setEmbeddedFile(ef);
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(java.util.Map.of("appendix.txt", spec));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
      }
      if (encrypt) {
        StandardProtectionPolicy sp =
            new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
        sp.setEncryptionKeyLength(128);
        doc.protect(sp);
      }
      doc.save(p.toFile());
    }
  }

  public static void png(Path p, String t) throws IOException {
    BufferedImage img = new BufferedImage(900, 140, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 900, 140);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.drawString(t, 30, 90);
    g.dispose();
    ImageIO.write(img, "png", p.toFile());
  }

  /** A PNG whose tEXt chunk carries the text (what a screenshot tool may write). */
  static void pngChunk(Path p, String t) throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    byte[] png = b.toByteArray();
    byte[] data = ("Comment\0" + t).getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length).order(ByteOrder.BIG_ENDIAN);
    chunk.putInt(data.length);
    byte[] typeAndData = concat("tEXt".getBytes(StandardCharsets.US_ASCII), data);
    chunk.put(typeAndData);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(typeAndData);
    chunk.putInt((int) crc.getValue());
    // after the IHDR chunk (8 signature + 25 IHDR)
    Files.write(
        p,
        concat(
            java.util.Arrays.copyOf(png, 33),
            chunk.array(),
            java.util.Arrays.copyOfRange(png, 33, png.length)));
  }

  /**
   * Sets the "encrypted" flag of every entry: what a password-protected zip looks like unopened.
   */
  public static void markEncrypted(Path zip) throws IOException {
    byte[] b = Files.readAllBytes(zip);
    for (int i = 0; i + 8 < b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
        b[i + 6] |= 1;
      } else if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        b[i + 8] |= 1;
      }
    }
    Files.write(zip, b);
  }

  /** Writes a safetensors header: its length as 8 little-endian bytes, then the JSON in ASCII. */
  public static void safetensorsHeader(OutputStream out, String header) throws IOException {
    out.write(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }
}
