package org.prex.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.prex.receipt.ReceiptBox;

/**
 * Receipts through the route file's {@value #ROUTE} route: Camel's sftp producer writes each under
 * a temporary name in the lab's receipts folder and renames it, on a connection it keeps open
 * between receipts (routes/prex.camel.yaml, route receipts-out).
 */
final class CamelReceiptBox implements ReceiptBox, AutoCloseable {
  static final String ROUTE = "direct:receipts-out";

  private final Supplier<CamelContext> context;
  private ProducerTemplate producer;

  /**
   * @param context the context the route runs in, once it is started
   */
  CamelReceiptBox(Supplier<CamelContext> context) {
    this.context = context;
  }

  @Override
  public void put(String lab, String name, byte[] content) throws IOException {
    putPath(receipt(lab, name), content);
  }

  /** Streams the file to the drop box: Camel's sftp producer reads it as it writes. */
  @Override
  public void put(String lab, String name, Path file) throws IOException {
    putPath(receipt(lab, name), file.toFile());
  }

  private static String receipt(String lab, String name) {
    if (name.contains("/") || lab.contains("/")) {
      throw new IllegalArgumentException("not a lab and file name: " + lab + ", " + name);
    }
    return lab + "/receipts/" + name;
  }

  /**
   * Writes {@code path} (relative to the drop box root: {@code <lab>/receipts/<file>} or {@code
   * <agency>/notices/<file>}) whole, through the same route.
   */
  void putPath(String path, byte[] content) throws IOException {
    putPath(path, (Object) content);
  }

  private void putPath(String path, Object content) throws IOException {
    try {
      producer().sendBodyAndHeader(ROUTE, content, Exchange.FILE_NAME, path);
    } catch (RuntimeException e) {
      // a failed write, or a template stopped by a reload or a stop: the receipt is retried
      // the cause's own words, never Camel's: its message carries the endpoint's URI
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      throw new IOException("the drop box did not take " + path + ": " + describe(cause), e);
    }
  }

  private static String describe(Throwable cause) {
    String type = cause.getClass().getSimpleName();
    return cause instanceof java.io.IOException
            || cause.getClass().getName().startsWith("com.jcraft")
        ? type + " " + cause.getMessage()
        : type;
  }

  private synchronized ProducerTemplate producer() {
    if (producer == null) {
      producer = context.get().createProducerTemplate();
    }
    return producer;
  }

  @Override
  public synchronized void close() throws IOException {
    if (producer != null) {
      producer.close();
    }
  }
}
