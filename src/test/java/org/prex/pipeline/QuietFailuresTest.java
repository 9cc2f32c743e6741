package org.prex.pipeline;

import org.junit.jupiter.api.Test;
import org.prex.ingest.IngestFailures;
import org.prex.outcome.Unanswered;

/**
 * The ingest-failure and stopped paths only log, by type and id, and never throw whatever the
 * exchange carried: they run inside Camel's failure handling.
 */
class QuietFailuresTest {

  @Test
  void anIngestFailure_isLogged_withOrWithoutAName() {
    IngestFailedStep step = new IngestFailedStep(new IngestFailures());
    step.log(new IllegalStateException("/acme-ai/inbox/secret.bin"), "acme-ai/inbox/secret.bin");
    step.log(null, null);
    step.log(new IllegalStateException(), "no-slash");
  }

  @Test
  void aStoppedSubmission_isLogged_whateverTheBody() {
    UnansweredStep step = new UnansweredStep(new Unanswered());
    step.log("not a submission", null);
    step.log(null, new IllegalStateException());
  }
}
