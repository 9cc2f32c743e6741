package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.receipt.Checkpointer;

/** The last step of every answer: a signed checkpoint, and none again when nothing was added. */
class CheckpointStepTest {

  @Test
  void everyEventIsUnderACheckpoint(@TempDir Path root) throws Exception {
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      log.append(EventDraft.of(EventType.REJECTED).lab("acme-ai").reason("test"));
      CheckpointStep step = new CheckpointStep(new Checkpointer(log, Keys.signer()));
      step.checkpoint();
      String first = log.latestCheckpoint().orElseThrow();
      assertTrue(first.contains("BEGIN PGP SIGNED MESSAGE"), first);
      step.checkpoint();
      assertEquals(first, log.latestCheckpoint().orElseThrow());
    }
  }
}
