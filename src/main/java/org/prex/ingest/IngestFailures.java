package org.prex.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a failure to take an upload. The upload stays in the drop box and is taken again later, so
 * nothing is lost; the line names the exception type only, because the exchange and library
 * messages carry the lab's file name.
 */
public final class IngestFailures {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFailures.class);

  /**
   * @param t the failure, or null when unknown
   * @param fileName the upload's name relative to the drop box root ({@code <lab>/inbox/…}), or
   *     null; only its lab is logged
   */
  public void log(Throwable t, String fileName) {
    String lab = labOf(fileName);
    LOG.warn(
        "an upload of lab {} could not be taken yet; it stays in the drop box and is retried ({})",
        lab,
        t == null ? "unknown" : t.getClass().getName());
  }

  private static String labOf(String name) {
    if (name == null) {
      return "?";
    }
    int slash = name.replace('\\', '/').indexOf('/');
    return slash > 0 ? name.substring(0, slash) : "?";
  }
}
