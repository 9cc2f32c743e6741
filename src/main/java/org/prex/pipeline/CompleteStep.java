package org.prex.pipeline;

import org.apache.camel.Body;
import org.prex.outcome.Completion;
import org.prex.submission.Submission;

/** After the receipt (docs/pipeline.md): the submission's plaintext leaves staging. */
public final class CompleteStep {
  private final Completion completion;

  public CompleteStep(Completion completion) {
    this.completion = completion;
  }

  public void complete(@Body Submission submission) {
    completion.complete(submission);
  }
}
