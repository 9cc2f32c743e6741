package org.prex.console;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BouncyCastle's JSSE logs through java.util.logging, which would write its own two-line format to
 * stderr beside prex's log (and inside a JSON one), with a line for every connection closed. Its
 * warnings and errors go to prex's log instead; the rest is debugging (docs/fips.md).
 */
public final class JsseLogging {
  private static final String NAME = "org.bouncycastle.jsse";

  /** Held: java.util.logging keeps its loggers by weak reference, and would forget the setting. */
  private static java.util.logging.Logger jsse;

  private JsseLogging() {}

  /** Once per process; the console's TLS and the transfer log's connections to PostgreSQL. */
  public static synchronized void toPrexLog() {
    if (jsse != null) {
      return;
    }
    Logger into = LoggerFactory.getLogger(NAME);
    jsse = java.util.logging.Logger.getLogger(NAME);
    jsse.setUseParentHandlers(false);
    jsse.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            // its messages are its own text; a cause is named by its class and message
            String message =
                r.getThrown() == null
                    ? r.getMessage()
                    : r.getMessage() + " (" + r.getThrown() + ")";
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
              into.error("{}", message);
            } else if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              into.warn("{}", message);
            } else {
              into.debug("{}", message);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }
}
