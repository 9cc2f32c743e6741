package org.prex.pipeline;

import org.apache.camel.Body;
import org.prex.designator.Designator;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;

/**
 * The designate step (docs/pipeline.md): every item inspected and given its effective designation;
 * a spill in any item throws {@link SubmissionHeld}, which the route file sends down the held path.
 */
public record DesignateStep(Designator designator) {

  public Submission designate(@Body Submission submission) {
    return designator.designate(submission);
  }
}
