package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;
import org.prex.testing.Trees;

/**
 * A lab whose key was removed from the key set while work of it was still staged: its staged
 * submission is still handled to the end (docs/outcomes.md), quarantined or delivered, answered
 * with a receipt in the lab's receipts folder (where the lab finds it should it come back), and
 * staging is emptied. Before, the drop box refused the exchange's own account to write into the
 * receipts folder of a lab not in the key set: the receipt was retried without end and the
 * submission stayed staged for ever, at every start.
 */
class RemovedLabTest {

  @Test
  void aLabRemovedWithStagedWork_isStillAnswered_andStagingEmptied(@TempDir Path root)
      throws Exception {
    // a loose file goes to no one, so it is quarantined; and a real fault keeps the first start
    // from ending it: the quarantine folder cannot be made
    RunningExchange.Setup setup =
        RunningExchange.setUp(root).quarantiningLooseFiles().quarantineUnwritable();
    Deployment d = setup.deployment;
    Staging staging = new Staging(d.staging());
    try (RunningExchange exchange = setup.start()) {
      exchange.upload(
          "acme-ai", "/inbox/system-card.md", "held back\n".getBytes(StandardCharsets.UTF_8));
      Await.until(
          "one failed attempt",
          Duration.ofSeconds(60),
          () -> {
            try {
              List<StagedSubmission> p = staging.pending();
              return p.size() == 1 && staging.attempts(p.get(0).submissionId()).failures() == 1;
            } catch (java.io.IOException e) {
              return false;
            }
          });
    }
    // the operator fixes the quarantine folder and, meanwhile, removes the lab from the key set
    Files.delete(d.quarantine());
    Files.delete(d.keys().resolve("labs").resolve("acme-ai.pub"));
    try (RunningExchange exchange = setup.start()) {
      Await.until(
          "the removed lab's submission answered",
          Duration.ofSeconds(30),
          () -> Events.count(d, EventType.RECEIPT_SENT) == 1);
      Await.until(
          "staging emptied", Duration.ofSeconds(20), () -> Trees.files(d.staging()).isEmpty());
      assertEquals(1, Events.count(d, EventType.QUARANTINED));
      Path receipts = d.dropBox().resolve("acme-ai").resolve("receipts");
      try (var s = Files.list(receipts)) {
        assertTrue(
            s.anyMatch(p -> p.getFileName().toString().endsWith(".receipt.asc")),
            "the receipt waits in the removed lab's receipts folder");
      }
    }
    Run verified = Cli.auditVerify(d);
    assertEquals(0, verified.code(), verified.err());
  }
}
