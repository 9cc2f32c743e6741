package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditLogException;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.seal.ClearSigner;
import org.prex.submission.Failures;
import org.prex.submission.StagedSubmission;

/** Red team: a receipt whose proofs fail, a drop box that fails part way, two sends at once. */
class RedTeamReceiptFailureTest {
  private static final String LAB = "acme-ai";

  /**
   * A proof that fails (here: no checkpoint of that size) is an AuditLogException, which the answer
   * route's last resort names in the log and, once given up, in the lab's minimal receipt
   * (Failures.reason: the type only). Thrown while Jackson writes the events, it now comes out
   * wrapped as Jackson's JsonMappingException: the reason names a JSON library, not the log.
   */
  @Test
  void aFailingProof_isReportedAsTheLogsFailure_notAsJson_andLeavesNothing(@TempDir Path root)
      throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      StagedSubmission s = looseFile(log);
      // more events than are proved at a time: the second part is proved while Jackson writes
      List<EventDraft> more = new java.util.ArrayList<>();
      for (int i = 0; i < ReceiptDocument.PROVED_AT_A_TIME; i++) {
        more.add(
            EventDraft.of(EventType.CLASSIFIED)
                .lab(LAB)
                .submission(s.submissionId())
                .item(s.items().get(0).itemId())
                .reason("text/plain"));
      }
      log.appendAll(more);
      Receipts receipts = receipts(root, log, signer, (lab, name, content) -> {});
      int[] parts = {0};
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  receipts.sendFull(
                      s,
                      (seqs, size) ->
                          // the second part: a checkpoint that is not there
                          log.proveAll(seqs, ++parts[0] == 1 ? size : 999)));
      assertEquals(2, parts[0]);
      assertFalse(e instanceof DeliveryException, "not retried for ever as a drop box failure");
      assertTrue(noReceiptSent(log, s));
      assertEquals(List.of(), listed(root.resolve("receipts-out")), "left behind");
      assertEquals(
          "failed while handling: " + AuditLogException.class.getName(),
          Failures.reason(e),
          "the reason logged for the failed attempt");
    }
  }

  /**
   * Held: a drop box that reads part of the file and fails is retried, unlogged, leaving nothing.
   */
  @Test
  void aDropBoxFailingPartWay_isADeliveryException_unlogged_andLeavesNothing(@TempDir Path root)
      throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      StagedSubmission s = looseFile(log);
      Receipts receipts =
          new Receipts(
              log,
              new Checkpointer(log, signer),
              signer,
              new ReceiptBox() {
                @Override
                public void put(String lab, String name, byte[] content) {
                  throw new AssertionError("sent from its file");
                }

                @Override
                public void put(String lab, String name, Path file) throws IOException {
                  try (InputStream in = Files.newInputStream(file)) {
                    in.readNBytes(100);
                  }
                  throw new IOException("connection reset");
                }
              },
              root.resolve("receipts-out"),
              "0".repeat(64));
      assertThrows(DeliveryException.class, () -> receipts.sendFull(s, log::proveAll));
      assertTrue(noReceiptSent(log, s));
      assertEquals(1, receipts.waitingForDropBox());
      assertEquals(List.of(), listed(root.resolve("receipts-out")), "left behind");
    }
  }

  /**
   * Two sends of one submission at once (Receipts gives each its own files "should a retry overlap
   * a send still under way"): both reach the drop box, the second replaces the first (the route's
   * Override), but RECEIPT_SENT, logged once, records the SHA-256 of the first. The log then names
   * a receipt the lab does not have.
   */
  @Test
  void twoSendsAtOnce_logTheShaOfTheReceiptTheLabHas(@TempDir Path root) throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      StagedSubmission s = looseFile(log);
      Map<String, byte[]> box = new ConcurrentHashMap<>();
      CountDownLatch bothRead = new CountDownLatch(2);
      int[] calls = {0};
      ReceiptBox slowSecond =
          new ReceiptBox() {
            @Override
            public void put(String lab, String name, byte[] content) {
              throw new AssertionError("sent from its file");
            }

            @Override
            public void put(String lab, String name, Path file) throws IOException {
              int call;
              synchronized (calls) {
                call = ++calls[0];
              }
              byte[] bytes = Files.readAllBytes(file);
              if (call == 2) {
                // the second send's write lands after the first was logged
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (noReceiptSent(log, s)) {
                  if (System.nanoTime() > until) {
                    throw new AssertionError("the first send was never logged");
                  }
                  Thread.onSpinWait();
                }
              }
              box.put(lab + "/" + name, bytes);
            }
          };
      Receipts a = receipts(root, log, signer, slowSecond);
      ReceiptDocument.Prover prover =
          (seqs, size) -> {
            bothRead.countDown();
            // both have read the events (no RECEIPT_SENT yet) before either sends, unless the
            // sends of one submission take turns (then the second finds the first's RECEIPT_SENT)
            try {
              bothRead.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return log.proveAll(seqs, size);
          };
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> first =
            pool.submit(
                () -> {
                  a.sendFull(s, prover);
                  return null;
                });
        Future<?> second =
            pool.submit(
                () -> {
                  a.sendFull(s, prover);
                  return null;
                });
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      List<AuditEvent> sent =
          log.list(new AuditQuery(LAB, null, s.submissionId(), null)).stream()
              .filter(e -> e.type() == EventType.RECEIPT_SENT)
              .toList();
      assertEquals(1, sent.size());
      byte[] inBox = box.get(LAB + "/" + Receipts.fileName(s.submissionId()));
      var sha = java.security.MessageDigest.getInstance("SHA-256");
      assertEquals(
          HexFormat.of().formatHex(sha.digest(inBox)),
          sent.get(0).sha256Plain(),
          "RECEIPT_SENT names the receipt in the lab's drop box");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Receipts receipts(Path root, AuditLog log, ClearSigner signer, ReceiptBox box) {
    return new Receipts(
        log,
        new Checkpointer(log, signer),
        signer,
        box == null ? (lab, name, content) -> {} : box,
        root.resolve("receipts-out"),
        "0".repeat(64));
  }

  private static boolean noReceiptSent(AuditLog log, StagedSubmission s) {
    return log.list(new AuditQuery(LAB, null, s.submissionId(), null)).stream()
        .noneMatch(e -> e.type() == EventType.RECEIPT_SENT);
  }

  private static List<Path> listed(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** A loose file of acme-ai's, received and rejected in the log. */
  private static StagedSubmission looseFile(AuditLog log) {
    String id = Ids.submission();
    String item = Ids.item();
    String now = Instant.now().toString();
    StagedSubmission s =
        new StagedSubmission(
            id,
            LAB,
            now,
            "k-" + id,
            null,
            null,
            List.of(),
            List.of(StagedItem.loose(item, id, LAB, "a.md", 1, "a".repeat(64), now, "k" + item)),
            "a.md");
    log.append(EventDraft.of(EventType.RECEIVED).lab(LAB).submission(id).reason("loose file"));
    log.append(EventDraft.of(EventType.REJECTED).lab(LAB).submission(id).item(item).reason("test"));
    return s;
  }
}
