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
 *   <li><b>documents and containers</b> Tika can parse: rendered text, metadata, and every
 *       embedded document or entry inspected as a part of its own, recursively, within {@link
 *       Limits}; documents are also read as strings;
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
    Classification c = classifier.classify(file, name);
    MediaType type = MediaType.parse(c.mediaType());
    ItemKind kind = c.kind();
    if (kind == ItemKind.MODEL_WEIGHTS) {
      WeightsReader.Result w = WeightsReader.read(file, type, part, insp, scanner, this, depth);
      if (w.parsed()) {
        return;
      }
      insp.note(
          Found.shortPart(part) + " claims " + type + " but is not (" + w.why() + "): read as unknown content");
      unknown(file, part, insp);
      return;
    }
    if (isText(type)) {
      Charset cs = TextDecoder.sniff(file, true);
      try (TextSink sink = scanner.sink(insp.found, part)) {
        TextDecoder.decode(file, cs, sink);
      }
      if (isMarkup(type)) {
        tika.read(file, part, depth, insp, this);
      }
      return;
    }
    if (kind == ItemKind.IMAGE) {
      TikaReader.Read r = ocr ? tika.read(file, part, depth, insp, this) : new TikaReader.Read(false);
      if (r.ocrRan()) {
        insp.note("image text read by OCR: " + Found.shortPart(part));
      } else {
        insp.unreadImage(part);
      }
      strings(file, part, insp);
      return;
    }
    if (tika.canParse(type)) {
      if (kind == ItemKind.ARCHIVE) {
        encryptedEntries(file, part, insp);
      }
      tika.read(file, part, depth, insp, this);
      if (kind != ItemKind.ARCHIVE) {
        strings(file, part, insp);
      }
      return;
    }
    unknown(file, part, insp);
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
          insp.fail("encrypted or password-protected: " + Found.shortPart(part + "!/" + e.getName()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a zip (tar, 7z, a compressed stream): Tika reports what it cannot read
    }
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
    try (InputStream in = Files.newInputStream(file);
        TextSink utf8 = scanner.stringsSink(insp.found, part);
        TextSink utf16 = scanner.stringsSink(insp.found, part)) {
      StringsScanner.scan(in, utf8, utf16);
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
