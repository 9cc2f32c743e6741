package org.prex.pipeline;

import java.io.IOException;
import org.apache.camel.Body;
import org.prex.receipt.Receipts;
import org.prex.submission.Submission;

/**
 * The answers route's first step (docs/pipeline.md): the lab's signed receipt, once. A drop box
 * that cannot take it yet throws {@link org.prex.deliver.DeliveryException}, retried by the route.
 */
public record ReceiptStep(Receipts receipts) {

  public Submission send(@Body Submission submission) throws IOException {
    return receipts.send(submission);
  }
}
