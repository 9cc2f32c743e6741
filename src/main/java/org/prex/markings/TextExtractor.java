package org.prex.markings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Extracts a document's text with Tika (its AutoDetectParser also reads embedded documents and an
 * archive's entries), bounded: at most {@code maxChars} characters (the rest is not read) and at
 * most {@code timeout} of parsing, on a daemon thread that is abandoned if a hostile document will
 * not finish. Parser CVEs are the reason for both bounds (ENGINEERING 11).
 */
public final class TextExtractor {
  private final AutoDetectParser parser = new AutoDetectParser();
  private final int maxChars;
  private final Duration timeout;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "prex-extract");
            t.setDaemon(true);
            return t;
          });

  public TextExtractor(int maxChars, Duration timeout) {
    this.maxChars = maxChars;
    this.timeout = timeout;
  }

  /** The text, possibly cut at maxChars; a document Tika cannot parse gives what was read. */
  public String extract(Path file) throws ExtractionException {
    Future<String> job = pool.submit(() -> parse(file));
    try {
      return job.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      job.cancel(true);
      throw new ExtractionException(
          "text extraction took longer than " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new ExtractionException(
          "text extraction failed (" + e.getCause().getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExtractionException("text extraction interrupted");
    }
  }

  private String parse(Path file) throws IOException {
    BodyContentHandler handler = new BodyContentHandler(maxChars);
    try (InputStream in = Files.newInputStream(file)) {
      parser.parse(in, handler, new Metadata(), new ParseContext());
    } catch (org.xml.sax.SAXException | org.apache.tika.exception.TikaException e) {
      // the write limit was reached, or the document is damaged: what was read is still scanned
    }
    return handler.toString();
  }

  /** Text could not be extracted within the bounds: the caller fails closed. */
  public static final class ExtractionException extends Exception {
    public ExtractionException(String message) {
      super(message);
    }
  }
}
