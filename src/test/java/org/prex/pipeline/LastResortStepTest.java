package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.outcome.Completion;
import org.prex.outcome.LastResort;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.Receipts;
import org.prex.staging.Attempts;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * The end of every failure path counts a failed attempt beside the submission, and never throws,
 * whatever the failed exchange carried.
 */
class LastResortStepTest {

  @Test
  void aFailure_isCountedBesideTheSubmission(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      LastResortStep step = new LastResortStep(lastResort(staging, log));
      Submission s = Staged.looseFile(staging, "# card\n");
      step.failed(s, new IllegalStateException("a lab's /file/name"));
      assertEquals(
          new Attempts(1, "failed while handling: java.lang.IllegalStateException"),
          staging.attempts(s.id()));
      step.failed(s, null);
      assertEquals(new Attempts(2, "unknown failure"), staging.attempts(s.id()));
    }
  }

  @Test
  void aBodyThatIsNoSubmission_isSaid_notThrown(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      LastResortStep step = new LastResortStep(lastResort(staging, log));
      step.failed("not a submission", new IllegalStateException());
      step.failed(null, null);
    }
  }

  /** Quarantine and receipts are not reached below the limit: they have no keys here. */
  private static LastResort lastResort(Staging staging, AuditLog log) throws Exception {
    Checkpointer checkpointer = new Checkpointer(log, Keys.signer());
    return new LastResort(
        staging,
        new Quarantine(null, null, staging.root().resolveSibling("quarantine"), staging, log),
        new Receipts(
            log,
            checkpointer,
            Keys.signer(),
            (lab, name, bytes) -> {},
            staging.root().resolve(Staging.RECEIPTS),
            "policy"),
        new Completion(staging),
        checkpointer,
        log);
  }
}
