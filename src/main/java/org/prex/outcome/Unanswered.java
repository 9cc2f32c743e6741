package org.prex.outcome;

import org.apache.camel.Exchange;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a handled submission that could not be answered (its receipt, release from staging or
 * checkpoint failed other than by the drop box being away): it stays staged, and is answered at the
 * next start, since every step of handling it again is idempotent. Names the exception type only: a
 * library's message may quote a lab's file name.
 */
public final class Unanswered {
  private static final Logger LOG = LoggerFactory.getLogger(Unanswered.class);

  public void log(Exchange exchange) {
    Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    Submission s = exchange.getMessage().getBody(Submission.class);
    LOG.warn(
        "submission {} could not be answered yet; it stays staged and is answered at the next"
            + " start ({})",
        s == null ? "?" : s.id(),
        t == null ? "unknown failure" : t.getClass().getName());
  }
}
