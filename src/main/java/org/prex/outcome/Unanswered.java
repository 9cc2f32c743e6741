package org.prex.outcome;

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

  /**
   * @param submissionId the submission cut short, or null when the exchange carried none
   * @param t what cut it short
   */
  public void log(String submissionId, Throwable t) {
    LOG.warn(
        "submission {} was not finished before the stop; it stays staged and is handled at the"
            + " next start ({})",
        submissionId == null ? "?" : submissionId,
        t == null ? "unknown failure" : t.getClass().getName());
  }
}
