package org.prex.bench;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.prex.designate.Designation;
import org.prex.inspect.HostileCorpus;
import org.prex.inspect.Inspector;
import org.prex.inspect.Verdict;

/** See bench/inspect-bench.sh. */
public final class InspectBench {
  private InspectBench() {}

  public static void main(String[] args) throws Exception {
    long mb = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    Path dir = Files.createTempDirectory("prex-inspect-bench");
    try (Inspector inspector =
        new Inspector(
            dir.resolve("inspect"),
            Duration.ofMinutes(30),
            Map.of("PROPRIETARY", Designation.parse("CUI//SP-PROPIN")),
            1,
            System.getProperty("prex.inspect.heap", "256m"))) {
      Path text = dir.resolve("transcripts.txt");
      StringBuilder b = new StringBuilder();
      for (int i = 0; b.length() < (1 << 20) - 200; i++) {
        b.append("turn ")
            .append(i)
            .append(": The model (v2) answered; see a/b results, PROPRIETARY? no.\n");
      }
      fill(text, b.toString().getBytes(StandardCharsets.US_ASCII), mb);
      report("text (UTF-8)", inspector, text, mb);
      Path bin = dir.resolve("blob.bin");
      byte[] random = new byte[1 << 20];
      new Random(1).nextBytes(random);
      fill(bin, random, mb);
      report("unknown binary (strings)", inspector, bin, mb);
      Path st = dir.resolve("w.safetensors");
      String header =
          "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"U8\",\"shape\":["
              + (mb << 20)
              + "],\"data_offsets\":[0,"
              + (mb << 20)
              + "]}}";
      try (OutputStream out = Files.newOutputStream(st)) {
        HostileCorpus.safetensorsHeader(out, header);
      }
      try (var ch =
          java.nio.channels.FileChannel.open(st, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(
            java.nio.ByteBuffer.wrap(random), 8 + header.length() + (mb << 20) - random.length);
      }
      report("safetensors (payload skipped)", inspector, st, mb);
      Files.delete(text);
      Files.delete(bin);
      Files.delete(st);
      Path md =
          Files.writeString(
              dir.resolve("card.md"), "# Model card\n\n(CUI//SP-PROPIN) Aurora 2.\n\nResults.\n");
      latency("small Markdown card", inspector, md);
      Path docx = dir.resolve("card.docx");
      try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument();
          OutputStream out = Files.newOutputStream(docx)) {
        doc.createParagraph().createRun().setText("(CUI//SP-PROPIN) System card for Aurora 2.");
        doc.write(out);
      }
      latency("small DOCX", inspector, docx);
      Path pdf = dir.resolve("card.pdf");
      try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
        var page = new org.apache.pdfbox.pdmodel.PDPage();
        doc.addPage(page);
        try (var s = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
          s.beginText();
          s.setFont(
              new org.apache.pdfbox.pdmodel.font.PDType1Font(
                  org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
              11);
          s.newLineAtOffset(72, 700);
          s.showText(
              "(CUI//SP-PROPIN) Evaluation report for Aurora 2, with enough words on the page to need no OCR.");
          s.endText();
        }
        doc.save(pdf.toFile());
      }
      latency("small PDF", inspector, pdf);
    }
  }

  private static void fill(Path f, byte[] block, long mb) throws Exception {
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long i = 0; i < mb; i++) {
        out.write(block);
      }
    }
  }

  private static void report(String what, Inspector inspector, Path f, long mb) {
    long t0 = System.nanoTime();
    Verdict v = inspector.inspect(f, f.getFileName().toString());
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "%-32s %6d MB in %7.2f s = %8.0f MB/s   complete=%s classified=%s%n",
        what, Files.exists(f) ? mb : 0, s, (mb << 20) / 1e6 / s, v.complete(), v.classified());
  }

  private static void latency(String what, Inspector inspector, Path f) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long t0 = System.nanoTime();
      inspector.inspect(f, f.getFileName().toString());
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf(
        "%-32s median %6.1f ms, p90 %6.1f ms (200 inspections)%n", what, ms.get(100), ms.get(180));
  }
}
