package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.prex.classify.Classification;
import org.prex.classify.Classifier;
import org.prex.classify.ItemKind;
import org.prex.designate.Designation;
import org.prex.markings.Found;
import org.prex.markings.MarkingScanner;
import org.prex.markings.TextSink;

/**
 * Inspects an item completely or says why it could not (docs/inspection.md). By what the content
 * is, not what it is called:
 *
 * <ul>
 *   <li><b>text</b> (any {@code text/*}, JSON, XML, YAML, SVG, …): decoded in its own encoding and
 *       scanned whole, raw source included (comments too); markup is also rendered by Tika and the
 *       rendered text scanned;
 *   <li><b>model weights</b>: only when the file parses as its format ({@link WeightsReader}); then
 *       its text-bearing parts are scanned, not the tensor payload. A file that claims a format it
 *       does not parse as is unknown content;
 *   <li><b>documents and containers</b> Tika can parse: rendered text, metadata, and every embedded
 *       document or entry inspected as a part of its own, recursively, within {@link Limits};
 *       documents are also read as strings;
 *   <li><b>raster images</b>: OCR'd with Tesseract where installed, else reported unread;
 *   <li><b>anything else</b>: read as strings (ASCII/UTF-8, UTF-16 both byte orders), and decoded
 *       as text when it looks like UTF-16 or UTF-32 without a byte-order mark.
 * </ul>
 *
 * Runs in the inspection process ({@link InspectWorker}); not thread-safe across items.
 */
public final class ContentInspector {
  private static final MediaType XML = MediaType.application("xml");
  private static final MediaType HTML = MediaType.text("html");

  private final Classifier classifier = new Classifier();
  private final MediaTypeRegistry registry =
      MimeTypes.getDefaultMimeTypes(ContentInspector.class.getClassLoader()).getMediaTypeRegistry();
  private final MarkingScanner scanner;
  private final TikaReader tika;
  private final Limits limits;
  private final Path scratch;
  private final boolean ocr;

  /**
   * @param legacyMarkings the policy's legacy markings
   * @param scratch a private folder for entries unpacked from containers
   * @param ocr whether Tesseract is there to read images
   */
  public ContentInspector(
      Map<String, Designation> legacyMarkings, Path scratch, boolean ocr, Limits limits) {
    this.scanner = new MarkingScanner(legacyMarkings);
    this.tika = new TikaReader(scanner, ocr);
    this.limits = limits;
    this.scratch = scratch;
    this.ocr = ocr;
  }

  /**
   * Inspects one staged item.
   *
   * @param name the lab's name for it (helps detection as it does in classify; never read as
   *     content)
   */
  public Verdict inspect(Path file, String name) throws IOException {
    Inspection insp = new Inspection(limits, Files.size(file), scratch);
    try {
      inspectPart(file, name, Found.ITEM, 0, insp);
    } catch (Incomplete e) {
      insp.fail(e.getMessage());
    }
    return insp.verdict();
  }

  void inspectPart(Path file, String name, String part, int depth, Inspection insp)
      throws IOException {
    if (Files.size(file) == 0) {
      return;
    }
    if (depth > 0 && name != null) {
      insp.name(scanner, name, part);
    }
    Classification c = classifier.classify(file, name);
    MediaType type = MediaType.parse(c.mediaType());
    ItemKind kind = c.kind();
    if (kind == ItemKind.MODEL_WEIGHTS) {
      WeightsReader.Result w = WeightsReader.read(file, type, part, insp, scanner, this, depth);
      if (w.parsed()) {
        return;
      }
      insp.note(
          Found.shortPart(part)
              + " claims "
              + type
              + " but is not ("
              + w.why()
              + "): read as unknown content");
      unknown(file, part, insp);
      return;
    }
    String compressor = Compressed.formatOf(type);
    if (compressor != null) {
      Compressed.inspect(file, compressor, name, part, depth, insp, this);
      stringsAtEnds(file, part, insp);
      return;
    }
    if (isText(type)) {
      Charset cs = TextDecoder.sniff(file, true);
      try (TextSink sink = scanner.sink(insp.found, part)) {
        TextDecoder.decode(file, cs, sink);
      }
      if (isMarkup(type) || type.getType().equals("message")) {
        // rendered, and for e-mail: MIME parts decoded, attachments inspected
        tika.read(file, part, depth, insp, this);
      }
      hiddenZip(file, type, part, depth, insp);
      Base64Blobs.inspect(file, part, depth, insp, this);
      return;
    }
    if (kind == ItemKind.IMAGE) {
      TikaReader.Read r =
          ocr ? tika.read(file, part, depth, insp, this) : new TikaReader.Read(false);
      if (r.ocrRan()) {
        insp.note("image text read by OCR: " + Found.shortPart(part));
      } else {
        insp.unreadImage(part);
      }
      strings(file, part, insp);
      hiddenZip(file, type, part, depth, insp);
      return;
    }
    if (tika.canParse(type)) {
      if (kind == ItemKind.ARCHIVE) {
        encryptedEntries(file, part, insp);
      }
      tika.read(file, part, depth, insp, this);
      if (kind == ItemKind.ARCHIVE) {
        // headers and directories: comments and names (the entries themselves were read whole)
        stringsAtEnds(file, part, insp);
      } else {
        // the raw bytes too: what a parser skips
        strings(file, part, insp);
        hiddenZip(file, type, part, depth, insp);
      }
      return;
    }
    if (kind == ItemKind.ARCHIVE || Compressed.UNOPENABLE.contains(type.getBaseType().toString())) {
      insp.fail(
          "an archive or compressed format prex cannot open ("
              + type
              + "): "
              + Found.shortPart(part));
      strings(file, part, insp);
      return;
    }
    unknown(file, part, insp);
    hiddenZip(file, type, part, depth, insp);
  }

  /**
   * A zip hidden behind other content (appended to an image or a PDF, or after junk) opens with
   * {@code unzip}: when the end of a file that is not itself an archive holds a zip directory, its
   * entries are inspected too. For zip-based documents (Office, OpenDocument, EPUB) the entries are
   * their parts, read raw as well, all but images, which Tika has already read.
   */
  private void hiddenZip(Path file, MediaType type, String part, int depth, Inspection insp)
      throws IOException {
    if (!ZipEntries.hasDirectory(file)) {
      return;
    }
    boolean document = registry.isInstanceOf(type, MediaType.APPLICATION_ZIP);
    ZipEntries.inspect(file, part, depth, insp, this, document);
  }

  /**
   * Names the password-protected entries of a zip: Tika only records that an entry could not be
   * read, not which.
   */
  private static void encryptedEntries(Path file, String part, Inspection insp) {
    try (org.apache.commons.compress.archivers.zip.ZipFile zip =
        org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get()) {
      for (var en = zip.getEntries(); en.hasMoreElements(); ) {
        var e = en.nextElement();
        if (e.getGeneralPurposeBit().usesEncryption()) {
          insp.fail(
              "encrypted or password-protected: " + Found.shortPart(part + "!/" + e.getName()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a zip (tar, 7z, a compressed stream): Tika reports what it cannot read
    }
  }

  /** Whether the content is a file of a type detection knows (not octet-stream or plain text). */
  boolean knownType(Path file) throws IOException {
    if (Files.size(file) == 0) {
      return false;
    }
    Classification c = classifier.classify(file, null);
    return !c.mediaType().equals("application/octet-stream")
        && !c.mediaType().startsWith("text/plain");
  }

  /** Unknown content: strings, and decoded text when it is UTF-16/32 without a byte-order mark. */
  void unknown(Path file, String part, Inspection insp) throws IOException {
    Charset cs = TextDecoder.sniff(file, false);
    if (cs != null && !cs.equals(StandardCharsets.UTF_8)) {
      try (TextSink sink = scanner.sink(insp.found, part)) {
        TextDecoder.decode(file, cs, sink);
      }
    }
    strings(file, part, insp);
  }

  void strings(Path file, String part, Inspection insp) throws IOException {
    strings(file, 0, Long.MAX_VALUE, part, insp);
  }

  private static final long ENDS = 1L << 20;

  /**
   * Strings in the first and last MiB of a container or compressed stream: where its comments and
   * directory of names live (a gzip name or comment, a zip comment). Its content is read whole,
   * unpacked; its compressed bytes are not text.
   */
  void stringsAtEnds(Path file, String part, Inspection insp) throws IOException {
    long size = Files.size(file);
    if (size <= 2 * ENDS) {
      strings(file, part, insp);
      return;
    }
    strings(file, 0, ENDS, part, insp);
    strings(file, size - ENDS, ENDS, part, insp);
  }

  /** Strings in one byte range of a file (a byte tensor that may be text). */
  void strings(Path file, long start, long length, String part, Inspection insp)
      throws IOException {
    try (InputStream in = range(file, start, length)) {
      StringsScanner.scan(in, () -> StringsScanner.Lines.of(scanner.stringsSink(insp.found, part)));
    }
  }

  private static InputStream range(Path file, long start, long length) throws IOException {
    java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
    return org.apache.commons.io.input.BoundedInputStream.builder()
        .setInputStream(java.nio.channels.Channels.newInputStream(ch.position(start)))
        .setMaxCount(length)
        .get();
  }

  /**
   * One entry of a container, decompressed stream or decoded blob: counted against the limits,
   * copied into the scratch folder, inspected as a part, deleted. A stream that breaks off makes
   * the inspection incomplete, naming the entry.
   */
  void inspectEntry(InputStream in, String name, String sub, int depth, Inspection insp)
      throws IOException {
    insp.budget.enter(depth + 1, sub);
    Path spooled = null;
    try {
      spooled = insp.spool(in, sub);
      inspectPart(spooled, name, sub, depth + 1, insp);
    } catch (IOException e) {
      insp.fail("cannot be read", e, sub);
    } finally {
      if (spooled != null) {
        Files.deleteIfExists(spooled);
      }
    }
  }

  /** Text of a known encoding in one byte range (NumPy unicode arrays). */
  void text(Path file, long start, long length, Charset cs, String part, Inspection insp)
      throws IOException {
    try (InputStream in = range(file, start, length);
        java.io.Reader r = new java.io.InputStreamReader(in, cs);
        TextSink sink = scanner.sink(insp.found, part)) {
      char[] buf = new char[8192];
      int n;
      while ((n = r.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == 0) {
            buf[i] = '\n'; // fixed-width cells are padded with NULs: one cell per line
          }
        }
        sink.write(buf, 0, n);
      }
    }
  }

  private boolean isText(MediaType type) {
    return registry.isInstanceOf(type, MediaType.TEXT_PLAIN)
        || type.getType().equals("text")
        || registry.isInstanceOf(type, XML);
  }

  private boolean isMarkup(MediaType type) {
    return registry.isInstanceOf(type, XML)
        || registry.isInstanceOf(type, HTML)
        || type.getSubtype().contains("rtf");
  }
}
