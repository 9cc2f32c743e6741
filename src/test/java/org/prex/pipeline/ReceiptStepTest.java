package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.Receipts;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * The answers route's receipt: signed, in the lab's receipts folder, logged RECEIPT_SENT once; a
 * drop box that cannot take it is a DeliveryException (the route retries it), and nothing is
 * logged.
 */
class ReceiptStepTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:30:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void theReceiptIsWrittenOnce_andSaysWhenItWasIssued(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    Map<String, String> box = new LinkedHashMap<>();
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Submission s = Staged.looseFile(staging, "# card\n");
      log.append(EventDraft.of(EventType.REJECTED).lab(s.lab()).submission(s.id()).reason("test"));
      ReceiptStep step =
          new ReceiptStep(
              receipts(
                  log,
                  (lab, name, bytes) ->
                      box.put(lab + "/" + name, new String(bytes, StandardCharsets.UTF_8))));
      assertEquals(s, step.send(s));
      step.send(s);
      assertEquals(List.of("acme-ai/" + s.id() + ".receipt.asc"), List.copyOf(box.keySet()));
      String receipt = box.values().iterator().next();
      assertTrue(receipt.startsWith("-----BEGIN PGP SIGNED MESSAGE-----"), receipt);
      assertTrue(receipt.contains(NOW.toString()), receipt);
      assertEquals(
          1,
          log.list(AuditQuery.all()).stream()
              .filter(e -> e.type() == EventType.RECEIPT_SENT)
              .count());
    }
  }

  @Test
  void aDropBoxThatCannotTakeIt_isRetriedByTheRoute_notLogged(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Submission s = Staged.looseFile(staging, "# card\n");
      log.append(EventDraft.of(EventType.REJECTED).lab(s.lab()).submission(s.id()).reason("test"));
      ReceiptStep step =
          new ReceiptStep(
              receipts(
                  log,
                  (lab, name, bytes) -> {
                    throw new IOException("connection refused");
                  }));
      assertThrows(DeliveryException.class, () -> step.send(s));
      assertTrue(
          log.list(AuditQuery.all()).stream().noneMatch(e -> e.type() == EventType.RECEIPT_SENT));
    }
  }

  private Receipts receipts(AuditLog log, org.prex.receipt.ReceiptBox box) throws Exception {
    return new Receipts(log, new Checkpointer(log, Keys.signer()), Keys.signer(), box, "p", clock);
  }
}
