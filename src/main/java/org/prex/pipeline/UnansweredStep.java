package org.prex.pipeline;

import org.apache.camel.Body;
import org.apache.camel.ExchangeException;
import org.prex.outcome.Unanswered;
import org.prex.submission.Submission;

/**
 * The stopped path (docs/pipeline.md): an inspection abandoned by a stop gives no verdict; the
 * submission stays staged, is not counted as a failed attempt, and is handled at the next start.
 */
public final class UnansweredStep {
  private final Unanswered unanswered;

  public UnansweredStep(Unanswered unanswered) {
    this.unanswered = unanswered;
  }

  public void log(@Body Object body, @ExchangeException Exception why) {
    unanswered.log(body instanceof Submission s ? s.id() : null, why);
  }
}
