package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.config.PolicyLoader;
import org.prex.item.Ids;
import org.prex.receipt.Checkpointer;
import org.prex.review.document.Ack;
import org.prex.review.document.ItemHash;
import org.prex.review.document.SignedDocument;
import org.prex.seal.ClearSigner;
import org.prex.seal.SigningKey;
import org.prex.testing.AgencyMail;

/** An acknowledgment counts only when it says the agency opened the package after it got it. */
class ReturnedDocumentsTest {

  @Test
  void anAckDatedBeforeItsDeliveryOrInTheFuture_isRefused(@TempDir Path dir) throws Exception {
    Policy policy = PolicyLoader.load(Path.of("routes/policy.yaml"));
    SigningKey caisi = SigningKey.read(AgencyMail.agencySecret("caisi"), new char[0]);
    try (AuditLog log = AuditLog.open(dir.resolve("log"))) {
      String submission = Ids.submission();
      String item = Ids.item();
      String transfer = Ids.transfer();
      String sha = "ab".repeat(32);
      log.append(
          EventDraft.of(EventType.STAGED)
              .lab("acme-ai")
              .submission(submission)
              .item(item)
              .sha256Plain(sha));
      log.append(
          EventDraft.of(EventType.DELIVERED)
              .lab("acme-ai")
              .submission(submission)
              .item(item)
              .agency("caisi")
              .transfer(transfer)
              .sha256Plain(sha));
      ClearSigner signer = new ClearSigner(AgencyMail.exchangeKey());
      Notices notices =
          new Notices(
              log,
              AgencyMail.exchangeKey(),
              Map.of("caisi", AgencyMail.agencyCert("caisi")),
              policy.agencies(),
              Map.of(),
              Set.of(),
              null,
              () -> null,
              dir.resolve("sealing"));
      ReturnedDocuments docs =
          new ReturnedDocuments(
              log,
              Map.of("caisi", AgencyMail.agencyCert("caisi")),
              notices,
              new ReviewReceipts(
                  log, new Checkpointer(log, signer), signer, (l, n, c) -> {}, Clock.systemUTC()),
              dir.resolve("returned"),
              Clock.systemUTC());
      Instant now = Instant.now();
      for (Instant at : List.of(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), now)) {
        String json =
            new Ack(transfer, submission, "caisi", List.of(new ItemHash(item, sha)), at).toJson();
        String text = SignedDocument.sign(caisi, json);
        docs.accept("caisi", "ack.asc", text, text.getBytes(StandardCharsets.UTF_8));
      }
      List<AuditEvent> refused =
          log.list(new AuditQuery(null, null, null, null, Set.of(EventType.REFUSED), null));
      assertEquals(2, refused.size(), refused.toString());
      assertTrue(refused.get(0).reason().contains("before its delivery"), refused.get(0).reason());
      assertTrue(refused.get(1).reason().contains("in the future"), refused.get(1).reason());
      assertEquals(
          1,
          log.list(new AuditQuery(null, null, null, null, Set.of(EventType.ACKNOWLEDGED), null))
              .size());
    }
  }
}
