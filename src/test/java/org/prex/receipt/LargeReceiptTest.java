package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Cli.Run;

/**
 * The receipt of a submission with more events than are read or proved at a time: its events are
 * read page by page and proved part by part, and every part stays under the one checkpoint the
 * receipt carries, although other submissions' events and checkpoints come in between.
 */
class LargeReceiptTest {
  private static final String[] AGENCIES = {"cisa", "nsa", "doe", "nist"};
  private static final int ITEMS = 700; // 700 x 7 events: more than a page and a part (4,096)

  @Test
  void aFolderOfManyItems_isProvedPartByPart_underOneCheckpoint_andCheckReceiptAgrees(
      @TempDir Path root) throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    List<Path> sent = new ArrayList<>();
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      StagedSubmission folder = folder(ITEMS);
      String other = Ids.submission();
      for (StagedItem item : folder.items()) {
        List<EventDraft> drafts = new ArrayList<>();
        drafts.add(of(EventType.CLASSIFIED, folder, item).reason("text/markdown (document)"));
        drafts.add(
            of(EventType.DESIGNATED, folder, item)
                .designation("CUI//SP-PROPIN")
                .reason("the lab's default"));
        drafts.add(of(EventType.ROUTED, folder, item).policy("b".repeat(64)));
        for (String agency : AGENCIES) {
          drafts.add(of(EventType.DELIVERED, folder, item).agency(agency).transfer(Ids.transfer()));
        }
        // another submission of the same lab, logged in between: never in this receipt
        drafts.add(
            EventDraft.of(EventType.REJECTED).lab("acme-ai").submission(other).reason("other"));
        log.appendAll(drafts);
      }
      Checkpointer checkpointer = new Checkpointer(log, signer);
      List<Long> provedUnder = new ArrayList<>();
      ReceiptDocument.Prover prover =
          (seqs, treeSize) -> {
            AuditLog.Proved proved = log.proveAll(seqs, treeSize);
            provedUnder.add(proved.treeSize());
            // meanwhile, another submission is handled and a newer checkpoint made
            log.append(
                EventDraft.of(EventType.REJECTED).lab("acme-ai").submission(other).reason("x"));
            checkpointer.covering(log.size());
            return proved;
          };
      Receipts receipts =
          new Receipts(
              log,
              checkpointer,
              signer,
              new ReceiptBox() {
                @Override
                public void put(String lab, String name, byte[] content) {
                  throw new AssertionError("a full receipt is sent from its file");
                }

                @Override
                public void put(String lab, String name, Path file) throws java.io.IOException {
                  Path kept = root.resolve(name);
                  Files.copy(file, kept);
                  sent.add(kept);
                }
              },
              root.resolve("receipts-out"),
              "0".repeat(64));
      receipts.sendFull(folder, prover);

      assertEquals(1, sent.size());
      assertEquals(2, provedUnder.size(), "7 x 700 events are proved in two parts");
      assertEquals(1, Set.copyOf(provedUnder).size(), "both parts under one checkpoint");
      assertTrue(
          log.proveAll(List.of(1L), 0).treeSize() > provedUnder.get(0),
          "newer checkpoints were made meanwhile");
      JsonNode json =
          new ObjectMapper()
              .readTree(
                  ClearSigner.verify(
                      Files.readString(sent.get(0)),
                      PublicCert.read(ExchangeSigner.publicKey(root))));
      assertEquals("delivered", json.path("outcome").asText());
      assertEquals(ITEMS, json.path("items").size());
      for (JsonNode item : json.path("items")) {
        assertEquals(AGENCIES.length, item.path("delivered-to").size(), item.toString());
        assertEquals("CUI//SP-PROPIN", item.path("designation").asText());
      }
      Set<Long> seqs = new HashSet<>();
      for (JsonNode e : json.path("events")) {
        seqs.add(e.path("event").asLong());
      }
      assertEquals(ITEMS * (3 + AGENCIES.length), seqs.size(), "every event once, no other's");
      assertEquals(
          log.list(new AuditQuery("acme-ai", null, folder.submissionId(), null)).size() - 1,
          seqs.size(),
          "all the submission's events but the RECEIPT_SENT logged after");
      Run run =
          prex(
              "audit",
              "check-receipt",
              sent.get(0).toString(),
              "--signer",
              ExchangeSigner.publicKey(root).toString());
      assertEquals(0, run.code(), run.out() + run.err());
      assertTrue(run.out().contains(ITEMS * (3 + AGENCIES.length) + " events proven"), run.out());
      assertEquals(List.of(), listed(root.resolve("receipts-out")), "nothing left behind");
    }
  }

  private static List<Path> listed(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static EventDraft of(EventType type, StagedSubmission s, StagedItem item) {
    return EventDraft.of(type).lab(s.lab()).submission(s.submissionId()).item(item.itemId());
  }

  /** A submission of acme-ai's with {@code n} small files. */
  private static StagedSubmission folder(int n) {
    String submission = Ids.submission();
    String now = Instant.now().toString();
    List<StagedItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String item = Ids.item();
      items.add(
          StagedItem.loose(
              item,
              submission,
              "acme-ai",
              "run-" + i + ".jsonl",
              7,
              "a".repeat(64),
              now,
              "k-" + item));
    }
    return new StagedSubmission(
        submission, "acme-ai", now, "k-" + submission, null, null, List.of(), items, "eval-runs");
  }
}
