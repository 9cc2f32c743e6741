package org.prex.outcome;

import org.apache.camel.Exchange;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a submission whose handling a stop cut short (an inspection abandoned, so no verdict): it
 * stays staged and is handled again at the next start, since every step of handling it again is
 * idempotent. Not a failed attempt: failures end at {@link LastResort}. Names the exception type
 * only: a library's message may quote a lab's file name.
 */
public final class Unanswered {
  private static final Logger LOG = LoggerFactory.getLogger(Unanswered.class);

  public void log(Exchange exchange) {
    Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    Submission s = exchange.getMessage().getBody(Submission.class);
    LOG.warn(
        "submission {} was not finished before the stop; it stays staged and is handled at the"
            + " next start ({})",
        s == null ? "?" : s.id(),
        t == null ? "unknown failure" : t.getClass().getName());
  }
}
