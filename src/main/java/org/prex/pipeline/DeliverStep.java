package org.prex.pipeline;

import java.io.IOException;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.prex.deliver.Deliveries;
import org.prex.submission.Submission;

/**
 * The deliver step (docs/pipeline.md): each agency's package is queued in that agency's lane; the
 * lanes pass the submission on to the answers route when the last one is delivered, so the
 * submission's route ends here.
 */
public final class DeliverStep {
  private final Deliveries deliveries;

  public DeliverStep(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  public void deliver(@Body Submission submission, CamelContext context) throws IOException {
    deliveries.deliver(submission, context);
  }
}
