package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
class ReceiptStepTest extends StepFixture {
  private static final Instant NOW = Instant.parse("2026-03-01T12:30:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path work;

  @Test
  void theReceiptIsWrittenOnce_andSaysWhenItWasIssued() throws Exception {
    Map<String, String> box = new LinkedHashMap<>();
    Submission s = rejected(staging, log);
    ReceiptStep step =
        step(
            log,
            (lab, name, bytes) ->
                box.put(lab + "/" + name, new String(bytes, StandardCharsets.UTF_8)));
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
    assertEquals(List.of(), workFiles(), "the receipt's files were left behind");
  }

  private List<Path> workFiles() throws IOException {
    try (var files = Files.list(work.resolve("receipts-out"))) {
      return files.toList();
    }
  }

  @Test
  void aDropBoxThatCannotTakeIt_isRetriedByTheRoute_notLogged() throws Exception {
    Submission s = rejected(staging, log);
    ReceiptStep step =
        step(
            log,
            (lab, name, bytes) -> {
              throw new IOException("connection refused");
            });
    assertThrows(DeliveryException.class, () -> step.send(s));
    assertEquals(List.of(), workFiles(), "the receipt's files were left behind");
    assertTrue(
        log.list(AuditQuery.all()).stream().noneMatch(e -> e.type() == EventType.RECEIPT_SENT));
  }

  /** A loose file of acme-ai's, staged and logged REJECTED: a submission with an outcome. */
  private static Submission rejected(Staging staging, AuditLog log) throws Exception {
    Submission s = Staged.looseFile(staging, "# card\n");
    log.append(EventDraft.of(EventType.REJECTED).lab(s.lab()).submission(s.id()).reason("test"));
    return s;
  }

  private ReceiptStep step(AuditLog log, org.prex.receipt.ReceiptBox box) throws Exception {
    return new ReceiptStep(
        new Receipts(
            log,
            new Checkpointer(log, Keys.signer()),
            Keys.signer(),
            box,
            work.resolve("receipts-out"),
            "p",
            clock));
  }
}
