package org.prex.pipeline;

import org.apache.camel.Body;
import org.apache.camel.ExchangeException;
import org.prex.outcome.Rejector;
import org.prex.submission.Failures;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionRejected;

/**
 * The rejected path (docs/pipeline.md): a {@link SubmissionRejected} is logged REJECTED, with its
 * reason, for the submission and each of its items; the answers route then tells the lab.
 */
public final class RejectStep {
  private final Rejector rejector;

  public RejectStep(Rejector rejector) {
    this.rejector = rejector;
  }

  public void reject(@Body Submission submission, @ExchangeException Exception why) {
    rejector.reject(submission, Failures.reason(why));
  }
}
