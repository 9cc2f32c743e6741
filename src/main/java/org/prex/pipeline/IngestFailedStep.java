package org.prex.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeException;
import org.apache.camel.Header;
import org.prex.ingest.IngestFailures;

/**
 * The ingest routes' failure path (docs/pipeline.md): the upload stays in the drop box and is taken
 * again on a later poll; the failure is logged by its lab and type only.
 */
public final class IngestFailedStep {
  private final IngestFailures failures;

  public IngestFailedStep(IngestFailures failures) {
    this.failures = failures;
  }

  public void log(@ExchangeException Exception why, @Header(Exchange.FILE_NAME) String uploadName) {
    failures.log(why, uploadName);
  }
}
