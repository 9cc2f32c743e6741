package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.seal.ClearSigner;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Cli.Run;

/**
 * {@code audit check-receipt} on a minimal receipt (docs/outcomes.md) says what it could check and
 * that the receipt proves no event: before, a minimal receipt with a checkpoint was "ok: 0 events
 * proven", as if a full receipt had been checked, and one without a checkpoint (none could be made)
 * was refused as a bad receipt, although its signature is the exchange's.
 */
class CheckMinimalReceiptTest {

  @Test
  void aMinimalReceipt_isCheckedAsMinimal_withOrWithoutACheckpoint(@TempDir Path root)
      throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      String checkpoint = new Checkpointer(log, signer).current();
      for (String cp : new String[] {checkpoint, null}) {
        StagedSubmission staged = submission();
        byte[] json =
            ReceiptDocument.minimal(
                staged, "quarantined", "could not be handled", Instant.now().toString(), cp);
        Path file = root.resolve(Receipts.fileName(staged.submissionId()));
        Files.writeString(file, signer.sign(new String(json, StandardCharsets.UTF_8)));
        Run run =
            prex(
                "audit",
                "check-receipt",
                file.toString(),
                "--signer",
                ExchangeSigner.publicKey(root).toString());
        String said = run.out() + "|" + run.err();
        assertEquals(0, run.code(), "a genuine minimal receipt is the exchange's: " + said);
        assertTrue(said.contains("minimal"), "says it is minimal: " + said);
        assertTrue(said.contains("no inclusion proof"), "says nothing is proven: " + said);
      }
    }
  }

  /** A staged submission of one loose file, card.md, from acme-ai. */
  static StagedSubmission submission() {
    String submission = Ids.submission();
    String item = Ids.item();
    String now = Instant.now().toString();
    return new StagedSubmission(
        submission,
        "acme-ai",
        now,
        "k-" + item,
        null,
        null,
        List.of(),
        List.of(
            StagedItem.loose(
                item, submission, "acme-ai", "card.md", 7, "a".repeat(64), now, "k-" + item)),
        "card.md");
  }
}
