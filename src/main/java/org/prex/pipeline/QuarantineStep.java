package org.prex.pipeline;

import java.io.IOException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeException;
import org.prex.item.Hold;
import org.prex.quarantine.Quarantine;
import org.prex.submission.Failures;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;

/**
 * Quarantine, as the route file calls it (docs/pipeline.md): on the main line, the items held one
 * by one; on the held and fail-closed paths, every item of the submission still in staging, with
 * the spill's reason, or with the failure named by its type.
 */
public record QuarantineStep(Quarantine quarantine) {

  /**
   * The items designation or routing held (unlisted, unreadable, unroutable) are sealed into
   * quarantine; the others go on to be sealed for their agencies.
   */
  public Submission holdMarked(@Body Submission submission) throws IOException {
    return quarantine.holdMarked(submission);
  }

  public void hold(@Body Submission submission, @ExchangeException Exception why)
      throws IOException {
    quarantine.holdAll(submission, hold(why));
  }

  /** What holds the submission: the spill it carries, else the failure (fail closed). */
  static Hold hold(Exception why) {
    return why instanceof SubmissionHeld held ? held.hold() : Hold.failed(Failures.reason(why));
  }
}
