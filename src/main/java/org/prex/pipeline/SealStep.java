package org.prex.pipeline;

import java.io.IOException;
import org.apache.camel.Body;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;

/** The seal step (docs/pipeline.md): one sealed package per agency, in staging. */
public record SealStep(TransferSealer sealer) {

  public Submission seal(@Body Submission submission) throws IOException {
    return sealer.seal(submission);
  }
}
