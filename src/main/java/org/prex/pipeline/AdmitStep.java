package org.prex.pipeline;

import org.apache.camel.Body;
import org.prex.submission.Admission;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionRejected;

/**
 * The admit step (docs/pipeline.md): a submission refused when it was taken, or with an empty
 * listed file, throws {@link SubmissionRejected}, which the route file sends down the rejected
 * path. It runs after designation, so that a spill in a refused submission is still held.
 */
public record AdmitStep(Admission admission) {

  public Submission admit(@Body Submission submission) {
    return admission.admit(submission);
  }
}
