package org.prex.pipeline;

import org.apache.camel.Body;
import org.apache.camel.ExchangeException;
import org.prex.outcome.LastResort;
import org.prex.submission.Submission;

/**
 * The end of every failure path (docs/pipeline.md, "Given up"): a failed attempt is counted beside
 * the submission in staging; the third gives it up. Never throws.
 */
public final class LastResortStep {
  private final LastResort lastResort;

  public LastResortStep(LastResort lastResort) {
    this.lastResort = lastResort;
  }

  /**
   * @param body the submission, or whatever the failed exchange carried (an Object, so that a body
   *     of another type is said rather than failing inside the failure handler)
   */
  public void failed(@Body Object body, @ExchangeException Exception why) {
    lastResort.failed(body, why);
  }

  /** A submission that failed too often already, sent here by resume at start. */
  public void giveUp(@Body Submission submission) {
    lastResort.giveUp(submission);
  }
}
