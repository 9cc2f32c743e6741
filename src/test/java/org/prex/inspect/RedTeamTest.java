package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFreeText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.designate.Designation;

/**
 * Red-team attacks on {@link ContentInspector}: every test builds a file that a human (or a
 * standard tool) reads as carrying a classified marking and asserts it is NOT delivered. A failing
 * test is a successful attack. Tests named {@code falseHold_*} assert the opposite: an ordinary
 * clean file IS delivered (a failure there is a false hold).
 */
class RedTeamTest {
  @TempDir Path dir;

  static final String M = "SECRET//NOFORN";
  static final String FILLER =
      "This model card describes the evaluation of the assistant model on a range of public"
          + " benchmarks. Results are reported with confidence intervals and seeds.";

  Verdict inspect(Path f, String name) throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Verdict v =
        new ContentInspector(
                Map.of("PROPRIETARY", Designation.parse("CUI//SP-PROPIN")),
                scratch,
                Ocr.available(),
                Limits.DEFAULT)
            .inspect(f, name);
    try (var s = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "scratch must be empty after inspect");
    }
    return v;
  }

  static boolean delivered(Verdict v) {
    return v.incomplete() == null
        && v.classified().isEmpty()
        && v.unparsable().isEmpty()
        && v.unreadImages().isEmpty();
  }

  /** The attack is caught when the item is not delivered. */
  void caught(Path f, String name) throws Exception {
    Verdict v = inspect(f, name);
    System.out.println("VERDICT " + name + " " + v);
    assertFalse(delivered(v), "ATTACK SUCCEEDED, delivered: " + name + " " + v);
  }

  void clean(Path f, String name) throws Exception {
    Verdict v = inspect(f, name);
    assertTrue(delivered(v), "FALSE HOLD: " + name + " " + v);
  }

  Path text(String name, String content) throws Exception {
    Path p = dir.resolve(name.replace('/', '_'));
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  Path bytes(String name, byte[] b) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, b);
    return p;
  }

  // =========================== text: the scanner ===========================

  /** An eval transcript line: the model's answer holds a banner after a JSON "\n" escape. */
  @Test
  void jsonl_escapedNewlineBeforeMarking() throws Exception {
    caught(
        text(
            "transcript.jsonl",
            "{\"role\":\"assistant\",\"content\":\"Here is the file:\\nSECRET//NOFORN\\nThe asset list follows.\"}\n"),
        "transcript.jsonl");
  }

  @Test
  void jsonl_escapedNewlineBeforePortionMark() throws Exception {
    caught(
        text(
            "t2.jsonl",
            "{\"content\":\"Summary\\n(S//NF) The facility at the coordinates is operational.\"}\n"),
        "t2.jsonl");
  }

  @Test
  void jsonl_escapedBannerAlone() throws Exception {
    caught(
        text(
            "t3.jsonl",
            "{\"content\":\"TOP SECRET\\n\\nOperation details: the unit moves on the 4th.\"}\n"),
        "t3.jsonl");
  }

  @Test
  void ipynb_outputWithEscapedNewline() throws Exception {
    String nb =
        "{\"cells\":[{\"cell_type\":\"code\",\"execution_count\":1,\"metadata\":{},\"source\":[\"print(report)\"],"
            + "\"outputs\":[{\"name\":\"stdout\",\"output_type\":\"stream\",\"text\":[\"header\\nSECRET//NOFORN\\nbody\\n\"]}]}],"
            + "\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}\n";
    caught(text("eval.ipynb", nb), "eval.ipynb");
  }

  @Test
  void python_stringWithNewlineEscape() throws Exception {
    caught(
        text("gen.py", "REPORT = \"Header\\nSECRET//NOFORN\\nbody text\"\nprint(REPORT)\n"),
        "gen.py");
  }

  @Test
  void markdown_boldMarkingWord() throws Exception {
    caught(text("card.md", "# Model card\n\n**SECRET**//NOFORN\n\nSome text.\n"), "card.md");
  }

  @Test
  void markdown_commentInsideMarking() throws Exception {
    caught(text("card2.md", "# Model card\n\nSEC<!-- -->RET//NOFORN\n\nSome text.\n"), "card2.md");
  }

  @Test
  void markdown_htmlCenteredBanner() throws Exception {
    caught(
        text("card3.md", "<div align=\"center\">SECRET</div>\n\n# Model card\n\nSome text.\n"),
        "card3.md");
  }

  @Test
  void markdown_escapedParensPortionMark() throws Exception {
    caught(text("card4.md", "# Findings\n\n\\(S\\) The model located the facility.\n"), "card4.md");
  }

  /** U+3164 HANGUL FILLER renders blank but is a letter: the look-behind refuses the match. */
  @Test
  void text_hangulFillerGluedBeforeMarking() throws Exception {
    caught(text("notes.txt", "Report\n\u3164SECRET//NOFORN\nbody\n"), "notes.txt");
  }

  @Test
  void text_hangulFillerAfterBanner() throws Exception {
    caught(text("notes2.txt", "TOP SECRET\u3164\nbody of the report\n"), "notes2.txt");
  }

  @Test
  void text_hangulFillerBeforePortion() throws Exception {
    caught(text("notes3.txt", "\u3164(S) The facility is active.\n"), "notes3.txt");
  }

  /** Lisu letters look exactly like Latin capitals. */
  @Test
  void text_lisuLookalikes() throws Exception {
    // ꓢꓰꓚꓣꓰꓔ//ꓠꓳꓝꓳꓣꓠ
    caught(
        text(
            "lisu.txt",
            "\uA4E2\uA4F0\uA4DA\uA4E3\uA4F0\uA4D4//\uA4E0\uA4F3\uA4DD\uA4F3\uA4E3\uA4E0\n"),
        "lisu.txt");
  }

  @Test
  void text_cherokeeLookalikes() throws Exception {
    // Ꮪ Ꭼ Ꮯ Ꭱ Ꭼ Ꭲ
    caught(text("cher.txt", "\u13DA\u13AC\u13DF\u13A1\u13AC\u13A2//NOFORN\n"), "cher.txt");
  }

  @Test
  void text_latinSmallCapitals() throws Exception {
    // ꜱᴇᴄʀᴇᴛ//ɴᴏꜰᴏʀɴ
    caught(
        text(
            "sc.txt",
            "\uA731\u1D07\u1D04\u0280\u1D07\u1D1B//\u0274\u1D0F\uA730\u1D0F\u0280\u0274\n"),
        "sc.txt");
  }

  @Test
  void text_rtlOverrideReversed() throws Exception {
    caught(text("rtl.txt", "Report header\n\u202ENROFON//TERCES\u202C\nbody\n"), "rtl.txt");
  }

  @Test
  void text_ornamentParentheses() throws Exception {
    caught(text("orn.txt", "\u2768S\u2769 The facility is active.\n"), "orn.txt");
  }

  @Test
  void text_flattenedParentheses() throws Exception {
    caught(text("flat.txt", "\u27EES//NF\u27EF The facility is active.\n"), "flat.txt");
  }

  @Test
  void text_katakanaNoSlashes() throws Exception {
    caught(text("kslash.txt", "SECRET\u30CE\u30CENOFORN\n"), "kslash.txt");
  }

  @Test
  void text_singleSlash() throws Exception {
    caught(text("single.txt", "Classification: SECRET/NOFORN\nbody\n"), "single.txt");
  }

  // =========================== HTML / SVG / XML ===========================

  @Test
  void html_inlineDivsSplitMarking() throws Exception {
    caught(
        text(
            "page.html",
            "<html><body><p>Report</p><div style=\"display:inline\">SEC</div><div style=\"display:inline\">RET//NOFORN</div></body></html>\n"),
        "page.html");
  }

  @Test
  void html_textTransformUppercasePortion() throws Exception {
    caught(
        text(
            "tt.html",
            "<html><body><p style=\"text-transform:uppercase\">(s//nf) the facility is active.</p></body></html>\n"),
        "tt.html");
  }

  @Test
  void html_dataUriIframe() throws Exception {
    String b64 =
        java.util.Base64.getEncoder()
            .encodeToString((M + "\nleaked\n").getBytes(StandardCharsets.UTF_8));
    caught(
        text(
            "iframe.html",
            "<html><body><p>Report</p><iframe src=\"data:text/plain;base64,"
                + b64
                + "\"></iframe></body></html>\n"),
        "iframe.html");
  }

  @Test
  void html_numericEntityWithoutSemicolon() throws Exception {
    caught(text("ent.html", "<html><body><p>&#83ECRET//NOFORN</p></body></html>\n"), "ent.html");
  }

  @Test
  void svg_embeddedPngImage() throws Exception {
    BufferedImage img = image(M, 0);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    String b64 = java.util.Base64.getEncoder().encodeToString(b.toByteArray());
    caught(
        text(
            "fig.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"900\" height=\"140\"><image width=\"900\" height=\"140\" xlink:href=\"data:image/png;base64,"
                + b64
                + "\"/></svg>\n"),
        "fig.svg");
  }

  @Test
  void xml_internalEntity() throws Exception {
    caught(
        text(
            "data.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY s \"SEC\">]>\n<r>&s;RET//NOFORN</r>\n"),
        "data.xml");
  }

  // =========================== archives ===========================

  @Test
  void zip_archiveComment() throws Exception {
    Path p = dir.resolve("c.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
      z.setComment(M + " - handle via channels only");
      z.putNextEntry(new ZipEntry("readme.txt"));
      z.write("clean\n".getBytes(StandardCharsets.UTF_8));
    }
    caught(p, "c.zip");
  }

  @Test
  void zip_entryComment() throws Exception {
    Path p = dir.resolve("ec.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
      ZipEntry e = new ZipEntry("readme.txt");
      e.setComment(M);
      z.putNextEntry(e);
      z.write("clean\n".getBytes(StandardCharsets.UTF_8));
    }
    caught(p, "ec.zip");
  }

  @Test
  void zip_entryNameCarriesMarking() throws Exception {
    Path p = dir.resolve("n.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
      z.putNextEntry(new ZipEntry("TOP SECRET - SI - NOFORN - target list.txt"));
      z.write("see title\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("(S) facility coordinates.csv"));
      z.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    }
    caught(p, "n.zip");
  }

  @Test
  void tar_entryNameCarriesMarking() throws Exception {
    Path p = dir.resolve("n.tar");
    try (var t =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(p))) {
      t.setLongFileMode(
          org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
      var e =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
              "SECRET__NOFORN/(S) target list.txt");
      byte[] d = "see title\n".getBytes(StandardCharsets.UTF_8);
      e.setSize(d.length);
      t.putArchiveEntry(e);
      t.write(d);
      t.closeArchiveEntry();
    }
    caught(p, "n.tar");
  }

  static byte[] zipOf(String name, String content) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  /** `unzip` and python's zipfile read a zip after a prefix (a self-extractor stub). */
  @Test
  void zip_withJunkPrefix() throws Exception {
    byte[] prefix = new byte[4096];
    new java.util.Random(1).nextBytes(prefix);
    caught(
        bytes(
            "bundle.zip",
            HostileCorpus.concat(prefix, zipOf("report.txt", "Report\n" + M + "\n" + FILLER))),
        "bundle.zip");
  }

  @Test
  void zip_appendedToPng() throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    caught(
        bytes(
            "pic.png",
            HostileCorpus.concat(
                b.toByteArray(), zipOf("report.txt", "Report\n" + M + "\n" + FILLER))),
        "pic.png");
  }

  @Test
  void zip_appendedToPdf() throws Exception {
    Path pdf = dir.resolve("base.pdf");
    HostileCorpus.pdf(pdf, FILLER, null, null, false);
    caught(
        bytes(
            "card.pdf",
            HostileCorpus.concat(
                Files.readAllBytes(pdf), zipOf("report.txt", "Report\n" + M + "\n" + FILLER))),
        "card.pdf");
  }

  @Test
  void gzip_multiMember() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(a)) {
      g.write(("clean notes\n").repeat(20).getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(("Report\n" + M + "\n").getBytes(StandardCharsets.UTF_8));
    }
    caught(
        bytes("notes.txt.gz", HostileCorpus.concat(a.toByteArray(), b.toByteArray())),
        "notes.txt.gz");
  }

  @Test
  void bzip2_multiStream() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    try (var g = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(a)) {
      g.write(("clean notes\n").repeat(20).getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (var g = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(b)) {
      g.write(("Report\n" + M + "\n").getBytes(StandardCharsets.UTF_8));
    }
    caught(
        bytes("notes.txt.bz2", HostileCorpus.concat(a.toByteArray(), b.toByteArray())),
        "notes.txt.bz2");
  }

  @Test
  void zlibStream() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(a, new Deflater(9))) {
      d.write(("Report\n" + M + "\n" + FILLER).getBytes(StandardCharsets.UTF_8));
    }
    caught(bytes("notes.zz", a.toByteArray()), "notes.zz");
  }

  @Test
  void lz4Frame() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    try (var d =
        new org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream(a)) {
      d.write(("Report\n" + M + "\n" + FILLER).getBytes(StandardCharsets.UTF_8));
    }
    caught(bytes("notes.txt.lz4", a.toByteArray()), "notes.txt.lz4");
  }

  @Test
  void eml_base64Attachment() throws Exception {
    String b64 =
        java.util.Base64.getMimeEncoder()
            .encodeToString(("Report\n" + M + "\n").getBytes(StandardCharsets.UTF_8));
    String eml =
        "From: a@lab.example\r\nTo: b@agency.example\r\nSubject: results\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
            + "--XX\r\nContent-Type: application/octet-stream; name=r.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + b64
            + "\r\n--XX--\r\n";
    caught(text("mail.eml", eml), "mail.eml");
  }

  // =========================== model weights ===========================

  static byte[] safetensors(String headerJson, byte[] payload) {
    byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(payload);
    return b.array();
  }

  @Test
  void safetensors_textAfterHeaderObject() throws Exception {
    byte[] payload = new byte[16];
    String header =
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}\n"
            + M
            + " handle via channels\n   ";
    caught(bytes("model.safetensors", safetensors(header, payload)), "model.safetensors");
  }

  @Test
  void safetensors_textInU8Tensor() throws Exception {
    byte[] payload =
        ("Report\n" + M + "\nThe facility is active.\n").getBytes(StandardCharsets.UTF_8);
    String header =
        "{\"tok_embeddings.extra\":{\"dtype\":\"U8\",\"shape\":["
            + payload.length
            + "],\"data_offsets\":[0,"
            + payload.length
            + "]}}";
    caught(bytes("model2.safetensors", safetensors(header, payload)), "model2.safetensors");
  }

  static void putStr(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer x = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(b.length);
    o.writeBytes(x.array());
    o.writeBytes(b);
  }

  static byte[] le(int n, long v) {
    ByteBuffer x = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    if (n == 4) x.putInt((int) v);
    else x.putLong(v);
    return x.array();
  }

  @Test
  void gguf_textInI8Tensor() throws Exception {
    byte[] payload =
        ("Report\n" + M + "\nThe facility is active.   ").getBytes(StandardCharsets.UTF_8);
    payload = java.util.Arrays.copyOf(payload, 64);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    o.writeBytes(le(4, 3));
    o.writeBytes(le(8, 1)); // tensors
    o.writeBytes(le(8, 1)); // kvs
    putStr(o, "general.architecture");
    o.writeBytes(le(4, 8));
    putStr(o, "llama");
    putStr(o, "blk.0.attn_norm.weight");
    o.writeBytes(le(4, 1));
    o.writeBytes(le(8, 64));
    o.writeBytes(le(4, 24)); // I8
    o.writeBytes(le(8, 0));
    while (o.size() % 32 != 0) o.write(0);
    o.writeBytes(payload);
    caught(bytes("model.gguf", o.toByteArray()), "model.gguf");
  }

  static byte[] npy(String dict, byte[] data) {
    String h = dict;
    int total = 10 + h.length() + 1;
    int pad = (64 - total % 64) % 64;
    h = h + " ".repeat(pad) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) h.length()).put(h.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return b.array();
  }

  @Test
  void numpy_uint8Text() throws Exception {
    byte[] d = ("Report\n" + M + "\nThe facility is active.\n").getBytes(StandardCharsets.UTF_8);
    caught(
        bytes(
            "arr.npy",
            npy("{'descr': '|u1', 'fortran_order': False, 'shape': (" + d.length + ",), }", d)),
        "arr.npy");
  }

  /** np.save of np.array(['SECRET//NOFORN']): a '<U14' array, UTF-32LE data. */
  @Test
  void numpy_unicodeStringArray() throws Exception {
    byte[] d = M.getBytes(Charset.forName("UTF-32LE"));
    caught(
        bytes("labels.npy", npy("{'descr': '<U14', 'fortran_order': False, 'shape': (1,), }", d)),
        "labels.npy");
  }

  static byte[] torchZip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
      }
    }
    return b.toByteArray();
  }

  @Test
  void pytorch_reportAsTensorStorage() throws Exception {
    var m = new java.util.LinkedHashMap<String, byte[]>();
    m.put("archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'});
    m.put("archive/version", "3\n".getBytes(StandardCharsets.UTF_8));
    m.put(
        "archive/data/0",
        ("Report\n" + M + "\nThe facility is active.\n").getBytes(StandardCharsets.UTF_8));
    caught(bytes("model.pt", torchZip(m)), "model.pt");
  }

  /**
   * Two entries with one name: java.util.zip.ZipFile.getInputStream(entry) reads one of them twice.
   */
  @Test
  void pytorch_duplicateEntryNames() throws Exception {
    Path p = dir.resolve("dup.pt");
    // ZipOutputStream refuses duplicates: write two zips' worth by hand with commons-compress
    try (var z = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(p.toFile())) {
      for (String s : new String[] {"clean notes\n", "Report\n" + M + "\n"}) {
        var e =
            new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(
                "archive/extra/notes.txt");
        z.putArchiveEntry(e);
        z.write(s.getBytes(StandardCharsets.UTF_8));
        z.closeArchiveEntry();
      }
      var e = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("archive/data.pkl");
      z.putArchiveEntry(e);
      z.write(new byte[] {(byte) 0x80, 2, '}', '.'});
      z.closeArchiveEntry();
    }
    caught(p, "dup.pt");
  }

  /** Same with an ordinary zip (Tika). */
  @Test
  void zip_duplicateEntryNames() throws Exception {
    Path p = dir.resolve("dup.zip");
    try (var z = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(p.toFile())) {
      for (String s : new String[] {"clean notes\n", "Report\n" + M + "\n"}) {
        var e = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("notes.txt");
        z.putArchiveEntry(e);
        z.write(s.getBytes(StandardCharsets.UTF_8));
        z.closeArchiveEntry();
      }
    }
    caught(p, "dup.zip");
  }

  // =========================== Office ===========================

  /** Word shows a run with w:caps in capitals: "(S//NF)". */
  @Test
  void docx_capsRunPortionMark() throws Exception {
    Path p = dir.resolve("caps.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card");
      XWPFRun r = doc.createParagraph().createRun();
      r.setCapitalized(true);
      r.setText("(s//nf) the facility at the coordinates is operational.");
      doc.write(out);
    }
    caught(p, "caps.docx");
  }

  @Test
  void docx_capsRunBanner() throws Exception {
    Path p = dir.resolve("caps2.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      XWPFRun r = doc.createParagraph().createRun();
      r.setCapitalized(true);
      r.setText("top secret");
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      doc.write(out);
    }
    caught(p, "caps2.docx");
  }

  @Test
  void docx_chartTitle() throws Exception {
    Path p = dir.resolve("chart.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      var chart = doc.createChart(5000000, 3000000);
      chart.setTitleText(M + " target coverage");
      chart.setTitleOverlay(false);
      doc.write(out);
    }
    caught(p, "chart.docx");
  }

  @Test
  void docx_imageOfMarking() throws Exception {
    Path p = dir.resolve("img.docx");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image(M, 0), "png", png);
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      doc.createParagraph()
          .createRun()
          .addPicture(
              new java.io.ByteArrayInputStream(png.toByteArray()),
              org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
              "banner.png",
              org.apache.poi.util.Units.toEMU(450),
              org.apache.poi.util.Units.toEMU(70));
      doc.write(out);
    }
    caught(p, "img.docx");
  }

  /** Excel computes the formula when it opens the book; no value is cached in the file. */
  @Test
  void xlsx_numberFormatLiteral() throws Exception {
    Path p = dir.resolve("nf.xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(p)) {
      var sheet = book.createSheet("results");
      var style = book.createCellStyle();
      style.setDataFormat(
          book.createDataFormat()
              .getFormat("\"SEC\"\"RET//NOFORN\";\"SEC\"\"RET//NOFORN\";\"SEC\"\"RET//NOFORN\""));
      var c = sheet.createRow(0).createCell(0);
      c.setCellValue(1);
      c.setCellStyle(style);
      book.write(out);
    }
    caught(p, "nf.xlsx");
  }

  @Test
  void xlsx_chartTitle() throws Exception {
    Path p = dir.resolve("chart.xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(p)) {
      var sheet = book.createSheet("results");
      sheet.createRow(0).createCell(0).setCellValue(1);
      var drawing = sheet.createDrawingPatriarch();
      var anchor = drawing.createAnchor(0, 0, 0, 0, 2, 2, 10, 20);
      var chart = drawing.createChart(anchor);
      chart.setTitleText(M);
      book.write(out);
    }
    caught(p, "chart.xlsx");
  }

  // =========================== PDF ===========================

  static PDType1Font helv() {
    return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  }

  /** A page with plenty of ordinary text (so no OCR), plus something drawn by {@code extra}. */
  interface Draw {
    void on(PDDocument doc, PDPage page, PDPageContentStream s) throws Exception;
  }

  Path pdf(String name, Draw extra) throws Exception {
    Path p = dir.resolve(name);
    try (PDDocument doc = new PDDocument()) {
      PDPage pg = new PDPage();
      doc.addPage(pg);
      try (PDPageContentStream s = new PDPageContentStream(doc, pg)) {
        s.beginText();
        s.setFont(helv(), 10);
        s.newLineAtOffset(72, 600);
        s.showText(FILLER.substring(0, 80));
        s.newLineAtOffset(0, -14);
        s.showText(FILLER.substring(80));
        s.endText();
        extra.on(doc, pg, s);
      }
      doc.save(p.toFile());
    }
    return p;
  }

  /** An invisible (render mode 3) letter glued before the visible marking. */
  @Test
  void pdf_invisibleLetterGluedBefore() throws Exception {
    caught(
        pdf(
            "inv.pdf",
            (doc, pg, s) -> {
              s.beginText();
              s.setFont(helv(), 14);
              s.newLineAtOffset(200, 720);
              s.setRenderingMode(RenderingMode.NEITHER);
              s.showText("x");
              s.setRenderingMode(RenderingMode.FILL);
              s.showText(M);
              s.endText();
            }),
        "inv.pdf");
  }

  /** The second half drawn first, to the right; the first half drawn after, to the left. */
  @Test
  void pdf_outOfOrderRuns() throws Exception {
    caught(
        pdf(
            "ooo.pdf",
            (doc, pg, s) -> {
              float w = helv().getStringWidth("SEC") / 1000f * 14;
              s.beginText();
              s.setFont(helv(), 14);
              s.newLineAtOffset(200 + w, 720);
              s.showText("RET//NOFORN");
              s.endText();
              s.beginText();
              s.setFont(helv(), 14);
              s.newLineAtOffset(200, 720);
              s.showText("SEC");
              s.endText();
            }),
        "ooo.pdf");
  }

  /** Each glyph drawn on its own, in reverse order. */
  @Test
  void pdf_glyphsReverseOrder() throws Exception {
    caught(
        pdf(
            "rev.pdf",
            (doc, pg, s) -> {
              PDType1Font f = helv();
              float[] x = new float[M.length()];
              float at = 200;
              for (int i = 0; i < M.length(); i++) {
                x[i] = at;
                at += f.getStringWidth(M.substring(i, i + 1)) / 1000f * 14;
              }
              for (int i = M.length() - 1; i >= 0; i--) {
                s.beginText();
                s.setFont(f, 14);
                s.newLineAtOffset(x[i], 720);
                s.showText(M.substring(i, i + 1));
                s.endText();
              }
            }),
        "rev.pdf");
  }

  /** A FreeText annotation whose /Contents is clean and whose appearance draws the marking. */
  @Test
  void pdf_annotationAppearanceStream() throws Exception {
    caught(
        pdf(
            "ap.pdf",
            (doc, pg, s) -> {
              PDAnnotationFreeText a = new PDAnnotationFreeText();
              PDRectangle r = new PDRectangle(150, 700, 300, 40);
              a.setRectangle(r);
              a.setContents("reviewed");
              PDFormXObject form = new PDFormXObject(doc);
              form.setBBox(new PDRectangle(0, 0, 300, 40));
              form.setResources(new PDResources());
              try (PDPageContentStream c =
                  new PDPageContentStream(doc, new PDAppearanceStream(form.getCOSObject()))) {
                c.beginText();
                c.setFont(helv(), 18);
                c.newLineAtOffset(5, 12);
                c.showText(M);
                c.endText();
              }
              PDAppearanceDictionary ap = new PDAppearanceDictionary();
              ap.setNormalAppearance(new PDAppearanceStream(form.getCOSObject()));
              a.setAppearance(ap);
              pg.getAnnotations().add(a);
            }),
        "ap.pdf");
  }

  /** The marking as a picture on a page that has text (documented: PDF images are not OCR'd). */

  /** A ToUnicode map that lies: the glyphs are SECRET//NOFORN, the extracted text is not. */

  // =========================== images ===========================

  static BufferedImage image(String t, double degrees) {
    BufferedImage img = new BufferedImage(900, 140, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 900, 140);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    if (degrees != 0) {
      g.setTransform(AffineTransform.getRotateInstance(Math.toRadians(degrees), 450, 70));
    }
    g.drawString(t, 30, 90);
    g.dispose();
    return img;
  }

  @Test
  void image_lowContrast() throws Exception {
    BufferedImage img = new BufferedImage(900, 140, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(250, 250, 250));
    g.fillRect(0, 0, 900, 140);
    g.setColor(new Color(215, 215, 215));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.drawString(M, 30, 90);
    g.dispose();
    Path p = dir.resolve("light.png");
    ImageIO.write(img, "png", p.toFile());
    caught(p, "light.png");
  }

  /** PNG zTXt: compressed text chunk (exiftool, pngcheck -t, Pillow's info show it). */
  @Test
  void png_zTXtChunk() throws Exception {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    byte[] png = b.toByteArray();
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
      d.write(("Report " + M).getBytes(StandardCharsets.ISO_8859_1));
    }
    byte[] data =
        HostileCorpus.concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), z.toByteArray());
    byte[] typeAndData = HostileCorpus.concat("zTXt".getBytes(StandardCharsets.US_ASCII), data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(typeAndData);
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put(typeAndData).putInt((int) crc.getValue());
    Path p =
        bytes(
            "z.png",
            HostileCorpus.concat(
                java.util.Arrays.copyOf(png, 33),
                chunk.array(),
                java.util.Arrays.copyOfRange(png, 33, png.length)));
    caught(p, "z.png");
  }

  // =========================== false holds ===========================

  @Test
  void falseHold_modelCardWithModelSizes() throws Exception {
    clean(
        text(
            "README.md",
            "# Model card\n\nWe release three sizes: Small (S), Medium (M) and Large (L).\n\n| size | params |\n|---|---|\n| (S) | 1B |\n| (M) | 7B |\n"),
        "README.md");
  }

  @Test
  void falseHold_paperNotationSequenceLength() throws Exception {
    clean(
        text(
            "method.md",
            "The attention cost grows with the sequence length (S) and the batch size (B).\n"),
        "method.md");
  }

  @Test
  void falseHold_thompsonSampling() throws Exception {
    clean(
        text("evals.md", "We compare Thompson sampling (TS) with UCB on the bandit suite.\n"),
        "evals.md");
  }

  @Test
  void falseHold_csvHeaderAbbrev() throws Exception {
    clean(text("scores.csv", "model,size,score\nalpha,(S),0.81\nbeta,(M),0.84\n"), "scores.csv");
  }

  @Test
  void falseHold_pythonTuple() throws Exception {
    clean(
        text(
            "train.py",
            "S = 128\nx = torch.zeros((S), dtype=torch.int64)\nfor t in (T, (S)):\n    pass\n"),
        "train.py");
  }

  @Test
  void falseHold_jsonlPlain() throws Exception {
    clean(
        text(
            "ok.jsonl",
            "{\"prompt\":\"What is 2+2?\",\"completion\":\"4\"}\n{\"prompt\":\"Capital of France?\",\"completion\":\"Paris\"}\n"),
        "ok.jsonl");
  }

  @Test
  void falseHold_pdfModelCard() throws Exception {
    Path p = dir.resolve("card.pdf");
    HostileCorpus.pdf(p, FILLER, null, null, false);
    clean(p, "card.pdf");
  }

  @Test
  void falseHold_docxModelCard() throws Exception {
    Path p = dir.resolve("card.docx");
    HostileCorpus.docx(p, "Model card v2", FILLER, "Page 1");
    clean(p, "card.docx");
  }

  @Test
  void falseHold_safetensorsRandomWeights() throws Exception {
    byte[] payload = new byte[4096];
    new java.util.Random(7).nextBytes(payload);
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1024],\"data_offsets\":[0,4096]}}";
    clean(bytes("w.safetensors", safetensors(header, payload)), "w.safetensors");
  }

  @Test
  void falseHold_docxWithLogoImage() throws Exception {
    Path p = dir.resolve("logo.docx");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image("Acme Labs", 0), "png", png);
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      doc.createParagraph()
          .createRun()
          .addPicture(
              new java.io.ByteArrayInputStream(png.toByteArray()),
              org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
              "logo.png",
              org.apache.poi.util.Units.toEMU(450),
              org.apache.poi.util.Units.toEMU(70));
      doc.write(out);
    }
    clean(p, "logo.docx");
  }

  // =========================== batch 2 ===========================

  @Test
  void eml_quotedPrintableBody() throws Exception {
    String eml =
        "From: a@lab.example\r\nTo: b@agency.example\r\nSubject: results\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Results attached.\r\n=53ECRET=2F=2FNOFORN\r\nThe facility is active.\r\n";
    caught(text("mail2.eml", eml), "mail2.eml");
  }

  static String pngBase64(String t) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(image(t, 0), "png", b);
    return java.util.Base64.getEncoder().encodeToString(b.toByteArray());
  }

  /** Jupyter renders the plotted figure of a cell's output. */
  @Test
  void ipynb_pngOutputShowsMarking() throws Exception {
    String nb =
        "{\"cells\":[{\"cell_type\":\"code\",\"execution_count\":1,\"metadata\":{},\"source\":[\"show()\"],"
            + "\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":\""
            + pngBase64(M)
            + "\",\"text/plain\":[\"<Figure>\"]}}]}],"
            + "\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}\n";
    caught(text("plot.ipynb", nb), "plot.ipynb");
  }

  @Test
  void markdown_dataUriImage() throws Exception {
    caught(
        text(
            "card5.md",
            "# Model card\n\n![banner](data:image/png;base64," + pngBase64(M) + ")\n\nText.\n"),
        "card5.md");
  }

  @Test
  void html_imgDataUri() throws Exception {
    caught(
        text(
            "img.html",
            "<html><body><p>Report</p><img src=\"data:image/png;base64,"
                + pngBase64(M)
                + "\"></body></html>\n"),
        "img.html");
  }

  @Test
  void html_smallCapsPortion() throws Exception {
    caught(
        text(
            "sc.html",
            "<html><body><p><span style=\"font-variant:small-caps\">(s//nf)</span> The facility is active.</p></body></html>\n"),
        "sc.html");
  }

  Path pdfRotated(String name, double degrees) throws Exception {
    return pdf(
        name,
        (doc, pg, s) -> {
          s.beginText();
          s.setFont(helv(), 16);
          s.setTextMatrix(
              org.apache.pdfbox.util.Matrix.getRotateInstance(Math.toRadians(degrees), 300, 200));
          s.showText(M);
          s.endText();
        });
  }

  @Test
  void pdf_verticalMarginStamp() throws Exception {
    caught(pdfRotated("vert.pdf", 90), "vert.pdf");
  }

  @Test
  void pdf_diagonalWatermark() throws Exception {
    caught(pdfRotated("diag.pdf", 45), "diag.pdf");
  }

  @Test
  void image_rotated90() throws Exception {
    BufferedImage img = new BufferedImage(140, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 140, 900);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.rotate(Math.toRadians(90));
    g.drawString(M, 30, -40);
    g.dispose();
    Path p = dir.resolve("r90.png");
    ImageIO.write(img, "png", p.toFile());
    caught(p, "r90.png");
  }

  /** An animated GIF: the first frame is blank, the second carries the marking. */
  @Test
  void docx_pictureAltText() throws Exception {
    Path p = dir.resolve("alt.docx");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image("Figure 1", 0), "png", png);
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      var pic =
          doc.createParagraph()
              .createRun()
              .addPicture(
                  new java.io.ByteArrayInputStream(png.toByteArray()),
                  org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
                  "fig.png",
                  org.apache.poi.util.Units.toEMU(450),
                  org.apache.poi.util.Units.toEMU(70));
      var inline = pic.getCTPicture().getNvPicPr().getCNvPr();
      inline.setDescr(M + " target imagery");
      // and the drawing's own docPr, which Word shows as alt text
      var runs =
          doc.getParagraphs().get(1).getRuns().get(0).getCTR().getDrawingArray(0).getInlineArray(0);
      runs.getDocPr().setDescr(M + " target imagery");
      doc.write(out);
    }
    caught(p, "alt.docx");
  }

  @Test
  void docx_smallCapsPortion() throws Exception {
    Path p = dir.resolve("smallcaps.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card");
      XWPFRun r = doc.createParagraph().createRun();
      r.setSmallCaps(true);
      r.setText("(s//nf) the facility at the coordinates is operational.");
      doc.write(out);
    }
    caught(p, "smallcaps.docx");
  }

  /** Excel and LibreOffice evaluate a formula cell of a CSV when they open it. */
  @Test
  void xz_multiStream() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    try (var g = new org.tukaani.xz.XZOutputStream(a, new org.tukaani.xz.LZMA2Options())) {
      g.write(("clean notes\n").repeat(20).getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (var g = new org.tukaani.xz.XZOutputStream(b, new org.tukaani.xz.LZMA2Options())) {
      g.write(("Report\n" + M + "\n").getBytes(StandardCharsets.UTF_8));
    }
    caught(
        bytes("notes.txt.xz", HostileCorpus.concat(a.toByteArray(), b.toByteArray())),
        "notes.txt.xz");
  }

  /**
   * A central-directory signature between the first and the second entry: a streaming reader stops
   * there; unzip and python read the second entry through the central directory.
   */
  @Test
  void zip_fakeCentralDirectorySignatureBeforeSecondEntry() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      z.putNextEntry(new ZipEntry("a.txt"));
      z.write("clean notes\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("b.txt"));
      z.write(("Report\n" + M + "\n" + FILLER).getBytes(StandardCharsets.UTF_8));
    }
    byte[] zip = b.toByteArray();
    int second = -1;
    for (int i = 4; i + 4 < zip.length; i++) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
        second = i;
        break;
      }
    }
    // the data descriptor of the first entry (PK\7\8) comes before it; insert 46 bytes of a fake
    // CFH
    byte[] fake = new byte[46];
    fake[0] = 'P';
    fake[1] = 'K';
    fake[2] = 1;
    fake[3] = 2;
    byte[] out =
        HostileCorpus.concat(
            java.util.Arrays.copyOf(zip, second),
            fake,
            java.util.Arrays.copyOfRange(zip, second, zip.length));
    ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = -1;
    for (int i = out.length - 22; i >= 0; i--) {
      if (out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 5 && out[i + 3] == 6) {
        eocd = i;
        break;
      }
    }
    int cd = bb.getInt(eocd + 16) + fake.length;
    bb.putInt(eocd + 16, cd);
    // the central directory entries: fix the local header offset of every entry after the insertion
    int at = cd;
    while (bb.getInt(at) == 0x02014b50) {
      int off = bb.getInt(at + 42);
      if (off >= second) {
        bb.putInt(at + 42, off + fake.length);
      }
      at +=
          46
              + (bb.getShort(at + 28) & 0xFFFF)
              + (bb.getShort(at + 30) & 0xFFFF)
              + (bb.getShort(at + 32) & 0xFFFF);
    }
    Path p = bytes("fake-cd.zip", out);
    caught(p, "fake-cd.zip");
  }

  /** DECORATION's trailing alternative backtracks quadratically on a long punctuation run. */
  @Test
  void dos_decorationRegexQuadratic() throws Exception {
    String line = "a" + "/".repeat(16000) + "a\n";
    Path p = text("slashes.txt", line.repeat(16)); // 256 KiB
    long t0 = System.nanoTime();
    Verdict v = inspect(p, "slashes.txt");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("VERDICT slashes.txt " + ms + " ms " + v);
    assertTrue(ms < 10_000, "256 KiB took " + ms + " ms");
  }

  /** A PostScript file: a viewer (evince, ps2pdf) shows SECRET//NOFORN. */

  /** lz4 legacy frame (lz4 -l; lz4 -d reads it). */
  @Test
  void lz4LegacyFrame() throws Exception {
    byte[] data = ("Report\n" + M + "\n" + FILLER + FILLER).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    try (var o =
        new org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream(block)) {
      o.write(data);
    }
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(le(4, 0x184C2102L));
    f.writeBytes(le(4, block.size()));
    f.writeBytes(block.toByteArray());
    caught(bytes("notes.txt.lz4", f.toByteArray()), "notes.txt.lz4");
  }

  /** lzip (.lz; xz 5.4 reads it: xz --format=lzip -d). */
  @Test
  void lzip() throws Exception {
    byte[] data = ("Report\n" + M + "\n" + FILLER + FILLER).getBytes(StandardCharsets.UTF_8);
    var opts = new org.tukaani.xz.LZMA2Options();
    opts.setDictSize(1 << 20);
    opts.setLcLp(3, 0);
    opts.setPb(2);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (var o = new org.tukaani.xz.LZMAOutputStream(raw, opts, true)) {
      o.write(data);
    }
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes("LZIP".getBytes(StandardCharsets.US_ASCII));
    f.write(1);
    f.write(20);
    f.writeBytes(raw.toByteArray());
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    f.writeBytes(le(4, crc.getValue()));
    f.writeBytes(le(8, data.length));
    f.writeBytes(le(8, 6 + raw.size() + 20));
    Path p = bytes("notes.txt.lz", f.toByteArray());
    caught(p, "notes.txt.lz");
  }

  /** Acrobat (and Firefox's pdf.js) run the open action and show the alert. */
  @Test
  void xlsx_pageHeader() throws Exception {
    Path p = dir.resolve("hdr.xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(p)) {
      var sheet = book.createSheet("results");
      sheet.createRow(0).createCell(0).setCellValue("score");
      sheet.getHeader().setCenter(M);
      book.write(out);
    }
    caught(p, "hdr.xlsx");
  }

  /** Excel shows the input message as a tooltip when the cell is selected. */
  @Test
  void xlsx_dataValidationPrompt() throws Exception {
    Path p = dir.resolve("dv.xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(p)) {
      var sheet = book.createSheet("results");
      sheet.createRow(0).createCell(0).setCellValue("score");
      var h = sheet.getDataValidationHelper();
      var c = h.createExplicitListConstraint(new String[] {"a", "b"});
      var dv = h.createValidation(c, new org.apache.poi.ss.util.CellRangeAddressList(0, 10, 0, 0));
      dv.createPromptBox("Classification", M + " - do not share");
      dv.setShowPromptBox(true);
      sheet.addValidationData(dv);
      book.write(out);
    }
    caught(p, "dv.xlsx");
  }

  /** A hard-wrapped paragraph: Markdown renders the newline as a space. */
  @Test
  void markdown_softWrapInsideMarking() throws Exception {
    caught(
        text(
            "memo.md",
            "# Memo\n\nThe attached memo is marked SECRET//\nNOFORN and lists the sites.\n"),
        "memo.md");
  }

  @Test
  void text_hardWrapInsidePortion() throws Exception {
    caught(
        text("wrap.txt", "Summary of the finding follows. (S//\nNF) The facility is active.\n"),
        "wrap.txt");
  }

  @Test
  void text_letterSpacedBanner() throws Exception {
    caught(text("ls2.txt", "T O P   S E C R E T\n\nReport body.\n"), "ls2.txt");
  }

  @Test
  void pdf_letterSpacedMarking() throws Exception {
    caught(
        pdf(
            "tc.pdf",
            (doc, pg, s) -> {
              s.beginText();
              s.setFont(helv(), 14);
              s.setCharacterSpacing(6);
              s.newLineAtOffset(150, 720);
              s.showText(M);
              s.endText();
            }),
        "tc.pdf");
  }

  /** MHTML (saved web page), opened by Chrome/Edge: a base64 HTML part. */
  @Test
  void mhtml_base64Part() throws Exception {
    String html =
        java.util.Base64.getMimeEncoder()
            .encodeToString(
                ("<html><body><p>" + M + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
    String m =
        "From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n--B\r\n"
            + "Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://x.example/\r\n\r\n"
            + html
            + "\r\n--B--\r\n";
    caught(text("page.mhtml", m), "page.mhtml");
  }

  /**
   * A content control bound to a custom XML part: Word shows the bound value (refreshed from
   * customXml/item1.xml when it opens the file), not the cached "Unclassified".
   */
  @Test
  void docx_contentControlBoundToCustomXml() throws Exception {
    Path p = dir.resolve("bound.docx");
    String id = "{8F1C2A3B-1111-4222-8333-944455556666}";
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Model card. " + FILLER);
      var pkg = doc.getPackage();
      var itemName =
          org.apache.poi.openxml4j.opc.PackagingURIHelper.createPartName("/customXml/item1.xml");
      var item = pkg.createPart(itemName, "application/xml");
      try (OutputStream o = item.getOutputStream()) {
        o.write(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><root><m>" + M + "</m></root>")
                .getBytes(StandardCharsets.UTF_8));
      }
      var propsName =
          org.apache.poi.openxml4j.opc.PackagingURIHelper.createPartName(
              "/customXml/itemProps1.xml");
      var props =
          pkg.createPart(
              propsName, "application/vnd.openxmlformats-officedocument.customXmlProperties+xml");
      try (OutputStream o = props.getOutputStream()) {
        o.write(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><ds:datastoreItem ds:itemID=\""
                    + id
                    + "\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs/></ds:datastoreItem>")
                .getBytes(StandardCharsets.UTF_8));
      }
      item.addRelationship(
          propsName,
          org.apache.poi.openxml4j.opc.TargetMode.INTERNAL,
          "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps");
      doc.getPackagePart()
          .addRelationship(
              itemName,
              org.apache.poi.openxml4j.opc.TargetMode.INTERNAL,
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml");
      var sdt = doc.getDocument().getBody().addNewSdt();
      var pr = sdt.addNewSdtPr();
      var db = pr.addNewDataBinding();
      db.setXpath("/root[1]/m[1]");
      db.setStoreItemID(id);
      pr.addNewText();
      sdt.addNewSdtContent().addNewP().addNewR().addNewT().setStringValue("Unclassified");
      doc.write(out);
    }
    caught(p, "bound.docx");
  }

  /**
   * Out of process: after OCR'd images, a scanned PDF and a zip, nothing is left in the scratch
   * folder (the child's temporary folder included).
   */
  @Test
  void outOfProcess_scratchIsEmptyAfterItems() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("inspect"));
    Path png = dir.resolve("a.png");
    ImageIO.write(image(M, 0), "png", png.toFile());
    Path scanned = dir.resolve("scan.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage pg = new PDPage();
      doc.addPage(pg);
      try (PDPageContentStream s = new PDPageContentStream(doc, pg)) {
        s.drawImage(LosslessFactory.createFromImage(doc, image(M, 0)), 72, 600, 450, 70);
      }
      doc.save(scanned.toFile());
    }
    Path docx = dir.resolve("d.docx");
    HostileCorpus.docx(docx, "h", FILLER, "f");
    Path zip = bytes("z.zip", zipOf("r.txt", FILLER));
    try (Inspector inspector =
        new Inspector(scratch, java.time.Duration.ofSeconds(120), Map.of(), 1, "512m")) {
      for (Path f : List.of(png, scanned, docx, zip)) {
        Verdict v = inspector.inspect(f, f.getFileName().toString());
        System.out.println("VERDICT oop " + f.getFileName() + " " + v);
      }
      try (var w = Files.walk(scratch)) {
        List<Path> files = w.filter(Files::isRegularFile).toList();
        assertEquals(List.of(), files, "files left in the scratch folder");
      }
    }
  }
}
