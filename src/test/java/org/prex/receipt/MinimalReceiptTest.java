package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.submission.StagedSubmission;

/**
 * The last resort's receipt, for a submission given up whose full receipt cannot be made: still
 * clear-signed by the exchange, saying what was received, the outcome and why, marked minimal, and
 * logged RECEIPT_SENT once.
 */
class MinimalReceiptTest {

  @Test
  void aMinimalReceipt_isSignedNamesTheOutcomeAndReason_andIsSentOnce(@TempDir Path root)
      throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    List<byte[]> written = new ArrayList<>();
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Receipts receipts =
          new Receipts(
              log,
              new Checkpointer(log, signer),
              signer,
              (lab, name, content) -> written.add(content),
              root.resolve("receipts-out"),
              "0".repeat(64));
      StagedSubmission staged = CheckMinimalReceiptTest.submission();
      String submission = staged.submissionId();
      String item = staged.items().get(0).itemId();
      String reason = "could not be handled after 3 attempts: failed while handling: X";
      receipts.sendMinimal(staged, "quarantined", reason);
      receipts.sendMinimal(staged, "quarantined", reason);

      assertEquals(1, written.size(), "sent once");
      String text =
          ClearSigner.verify(
              new String(written.get(0), StandardCharsets.UTF_8),
              PublicCert.read(ExchangeSigner.publicKey(root)));
      JsonNode json = new ObjectMapper().readTree(text);
      assertEquals("prex-receipt/1", json.path("format").asText());
      assertTrue(json.path("minimal").asBoolean());
      assertEquals(submission, json.path("submission").asText());
      assertEquals("card.md", json.path("uploaded-as").asText());
      assertEquals("quarantined", json.path("outcome").asText());
      assertEquals(reason, json.path("reason").asText());
      assertEquals(item, json.path("items").get(0).path("item").asText());
      assertTrue(json.path("checkpoint").asText().contains("BEGIN PGP SIGNED MESSAGE"), text);
      assertEquals(
          1,
          log.list(new AuditQuery("acme-ai", null, submission, null)).stream()
              .filter(e -> e.type() == EventType.RECEIPT_SENT)
              .count());
    }
  }
}
