package org.prex.pipeline;

import java.io.IOException;
import org.apache.camel.Body;
import org.prex.quarantine.Quarantine;
import org.prex.submission.Submission;

/**
 * The hold step (docs/pipeline.md): the items designation or routing held (unlisted, unreadable,
 * unroutable) are sealed into quarantine; the others go on to be sealed for their agencies.
 */
public final class HoldMarkedStep {
  private final Quarantine quarantine;

  public HoldMarkedStep(Quarantine quarantine) {
    this.quarantine = quarantine;
  }

  public Submission holdMarked(@Body Submission submission) throws IOException {
    return quarantine.holdMarked(submission);
  }
}
