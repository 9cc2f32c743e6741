package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.prex.markings.Found;
import org.prex.markings.MarkingScanner;
import org.prex.markings.TextSink;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Tika, used so that nothing it reads is lost: the rendered text and every metadata value go to the
 * marking scanner as they are parsed (no buffer, no character cap); every embedded document and
 * archive entry is handed back to the {@link ContentInspector} to be inspected like an item of its
 * own (so an entry Tika has no parser for is still read as strings); and every way Tika reports a
 * problem — an exception, an encrypted part, an exception recorded in the metadata instead of
 * thrown — makes the inspection incomplete. Runs only in the inspection process.
 */
final class TikaReader {
  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "br",
          "li",
          "tr",
          "td",
          "th",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "title",
          "pre",
          "blockquote",
          "table",
          "body",
          "section",
          "header",
          "footer",
          "dt",
          "dd");
  private static final String OCR_PARSER = "org.apache.tika.parser.ocr.TesseractOCRParser";

  private final AutoDetectParser parser = new AutoDetectParser();
  private final MarkingScanner scanner;
  private final boolean ocr;
  private final Set<MediaType> supported;

  TikaReader(MarkingScanner scanner, boolean ocr) {
    this.scanner = scanner;
    this.ocr = ocr;
    this.supported = parser.getSupportedTypes(new ParseContext());
  }

  boolean canParse(MediaType type) {
    return supported.contains(type) || supported.contains(type.getBaseType());
  }

  /** What one parse saw. */
  record Read(boolean ocrRan) {}

  Read read(Path file, String part, int depth, Inspection insp, ContentInspector inspector) {
    Metadata md = new Metadata();
    ParseContext context = new ParseContext();
    // Tika finds its OCR parser through the context (PDF pages, images); embedded documents
    // still come to Embedded below, not to this parser
    context.set(org.apache.tika.parser.Parser.class, parser);
    context.set(EmbeddedDocumentExtractor.class, new Embedded(part, depth, insp, inspector));
    PDFParserConfig pdf = new PDFParserConfig();
    pdf.setOcrStrategy(
        ocr ? PDFParserConfig.OCR_STRATEGY.AUTO : PDFParserConfig.OCR_STRATEGY.NO_OCR);
    pdf.setExtractAnnotationText(true);
    pdf.setExtractAcroFormContent(true);
    pdf.setExtractBookmarksText(true);
    pdf.setExtractActions(true); // JavaScript and launch actions, as embedded parts
    pdf.setSortByPosition(true); // text drawn out of order is read as it is seen
    pdf.setDetectAngles(true); // rotated text (margin stamps) too
    context.set(PDFParserConfig.class, pdf);
    TesseractOCRConfig tesseract = new TesseractOCRConfig();
    tesseract.setSkipOcr(!ocr);
    context.set(TesseractOCRConfig.class, tesseract);
    Found found = insp.found;
    try (TikaInputStream in = TikaInputStream.get(file, md);
        TextSink sink = scanner.sink(found, part)) {
      parser.parse(in, new SinkHandler(sink), md, context);
    } catch (Exception | StackOverflowError e) {
      // every way a parse ends early makes the inspection incomplete: never a partial "clean"
      Throwable limit = cause(e, Incomplete.class);
      if (limit != null) {
        insp.fail(limit.getMessage());
      } else if (cause(e, EncryptedDocumentException.class) != null) {
        insp.fail("encrypted or password-protected: " + Found.shortPart(part));
      } else {
        insp.fail("cannot be parsed (" + chain(e) + "): " + Found.shortPart(part));
      }
    }
    for (String name : md.names()) {
      if (name.startsWith(TikaCoreProperties.TIKA_META_EXCEPTION_PREFIX)) {
        String what = name.substring(TikaCoreProperties.TIKA_META_EXCEPTION_PREFIX.length());
        insp.fail("not read completely (" + what + "): " + Found.shortPart(part));
      }
    }
    try (TextSink meta = scanner.sink(found, part + " (metadata)")) {
      for (String name : md.names()) {
        if (name.startsWith("X-TIKA:") || name.equals(TikaCoreProperties.RESOURCE_NAME_KEY)) {
          continue;
        }
        for (String v : md.getValues(name)) {
          meta.write(v);
          meta.endLine();
        }
      }
    }
    boolean ocrRan = false;
    for (String p : md.getValues(TikaCoreProperties.TIKA_PARSED_BY)) {
      ocrRan |= p.equals(OCR_PARSER);
    }
    return new Read(ocrRan);
  }

  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  /** Exception class names only: a message may quote content. */
  private static String chain(Throwable e) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 3; t = t.getCause(), depth++) {
      if (b.length() > 0) {
        b.append(" < ");
      }
      b.append(t.getClass().getSimpleName());
    }
    return b.toString();
  }

  /** Rendered text into the scanner, a line break at every block. */
  private static final class SinkHandler extends DefaultHandler {
    private final TextSink sink;

    SinkHandler(TextSink sink) {
      this.sink = sink;
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      sink.write(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
      sink.write(ch, start, length);
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      if (BLOCKS.contains(local)) {
        sink.endLine();
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (BLOCKS.contains(local)) {
        sink.endLine();
      }
    }
  }

  /** Every embedded document and entry, inspected as a part of its own. */
  private static final class Embedded implements EmbeddedDocumentExtractor {
    private final String part;
    private final int depth;
    private final Inspection insp;
    private final ContentInspector inspector;
    private int unnamed;

    Embedded(String part, int depth, Inspection insp, ContentInspector inspector) {
      this.part = part;
      this.depth = depth;
      this.insp = insp;
      this.inspector = inspector;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
      return true;
    }

    @Override
    public void parseEmbedded(
        InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
        throws IOException {
      String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
      if (name == null || name.isBlank()) {
        name = metadata.get(TikaCoreProperties.EMBEDDED_RELATIONSHIP_ID);
      }
      if (name == null || name.isBlank()) {
        name = "embedded-" + (++unnamed);
      }
      String sub = part + "!/" + name;
      Path spooled = null;
      try {
        insp.budget.enter(depth + 1, sub);
        spooled = insp.spool(stream, sub);
        inspector.inspectPart(spooled, name, sub, depth + 1, insp);
      } catch (Incomplete e) {
        // a limit: recorded, and the container is not read further
        insp.fail(e.getMessage());
        throw new IOException("inspection limit reached", e);
      } catch (IOException e) {
        insp.fail("cannot be read", e, sub);
      } finally {
        if (spooled != null) {
          Files.deleteIfExists(spooled);
        }
      }
    }
  }
}
