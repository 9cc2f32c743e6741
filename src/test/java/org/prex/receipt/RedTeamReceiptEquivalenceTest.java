package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.seal.ClearSigner;
import org.prex.submission.Declared;
import org.prex.submission.StagedSubmission;

/**
 * Red team: the receipt JSON the paged, part-by-part code writes is, member for member, what the
 * code before 37a5bd3 made from the same log (kept in {@link RedTeamOldReceiptDocument}): item
 * facts, last-word-wins, first rejection, release-window, policy, event entries, order, several
 * proof parts.
 */
class RedTeamReceiptEquivalenceTest {
  private static final String LAB = "acme-ai";
  private static final String ISSUED = "2026-11-29T12:00:00Z";

  @Test
  void aRichHistory_givesTheSameJsonAsBefore(@TempDir Path root) throws Exception {
    compare(root, true, 700);
  }

  @Test
  void aDeliveredHistory_givesTheSameJsonAsBefore(@TempDir Path root) throws Exception {
    compare(root, false, 5);
  }

  /**
   * A REJECTED event without a reason (EventDraft allows it; Rejector logs {@code
   * Problems.fitted(why)}, null for a null message): the old code failed on it (findFirst of a
   * null), so no full receipt went out; the new one skips it and tells the lab its rejected
   * submission was "partly quarantined", with no rejected-because. A rejection must never read as
   * anything else.
   */
  @Test
  void aRejectionWithoutAReason_stillTellsTheLabItWasRejected(@TempDir Path root) throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      String id = Ids.submission();
      String now = Instant.now().toString();
      String item = Ids.item();
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
      log.append(sub(EventType.RECEIVED, id).reason("loose file"));
      log.append(sub(EventType.REJECTED, id).item(item)); // no reason
      new Checkpointer(log, signer).covering(log.size());
      ReceiptDocument.Events gathered = new ReceiptDocument.Events();
      log.list(new AuditQuery(LAB, null, id, null)).forEach(gathered::add);
      String outcome =
          ReceiptDocument.write(
              java.io.OutputStream.nullOutputStream(),
              s,
              gathered,
              log::proveAll,
              ISSUED,
              "0".repeat(64));
      assertEquals("rejected", outcome, "the outcome told to the lab of a rejected submission");
    }
  }

  private static void compare(Path root, boolean rejected, int n) throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      String id = Ids.submission();
      String other = Ids.submission();
      String now = Instant.now().toString();
      List<StagedItem> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String item = Ids.item();
        items.add(
            StagedItem.loose(item, id, LAB, "f-" + i + ".md", i, "a".repeat(64), now, "k" + item));
      }
      StagedSubmission s =
          new StagedSubmission(
              id,
              LAB,
              now,
              "k-" + id,
              new Declared("ref", "Aurora", "2", "2027-01-01", null, List.of(), "c".repeat(64)),
              rejected ? "bad" : null,
              List.of("line 3: x has not arrived", "line 4: y has not arrived"),
              items,
              "folder");
      log.append(sub(EventType.RECEIVED, id).reason("submission folder"));
      log.append(
          sub(EventType.RELEASE_SCHEDULED, id)
              .reason("release 2027: outside the release window a"));
      log.append(sub(EventType.ROUTED, id).policy("1".repeat(64)));
      if (rejected) {
        log.append(sub(EventType.REJECTED, id).reason("first rejection"));
      }
      for (int i = 0; i < n - 1; i++) { // the last item has no events at all
        StagedItem it = items.get(i);
        List<EventDraft> d = new ArrayList<>();
        d.add(item(EventType.CLASSIFIED, id, it).reason("text/plain"));
        d.add(item(EventType.CLASSIFIED, id, it).reason("text/markdown (document)"));
        d.add(
            item(EventType.DESIGNATED, id, it).designation("CUI").reason("stronger than declared"));
        d.add(item(EventType.ROUTED, id, it).policy("2".repeat(64)));
        if (i % 3 == 0) {
          d.add(item(EventType.ROUTED, id, it)); // a later ROUTED with no policy
        }
        d.add(item(EventType.DELIVERED, id, it).agency("caisi").transfer(Ids.transfer()));
        if (i % 2 == 0) {
          d.add(item(EventType.DELIVERED, id, it).agency("nsa").transfer(Ids.transfer()));
        }
        if (i % 4 == 1) {
          d.add(item(EventType.QUARANTINED, id, it).reason("spill"));
        }
        if (rejected && i % 5 == 2) {
          d.add(item(EventType.REJECTED, id, it).reason("item rejected"));
        }
        d.add(EventDraft.of(EventType.REJECTED).lab(LAB).submission(other).reason("other"));
        log.appendAll(d);
      }
      log.append(
          sub(EventType.RELEASE_SCHEDULED, id)
              .reason("release 2028: outside the release window b"));
      log.append(sub(EventType.ROUTED, id).policy("3".repeat(64)));
      log.append(sub(EventType.ROUTED, id)); // no policy: does not replace the last
      if (rejected) {
        log.append(sub(EventType.REJECTED, id).reason("second rejection"));
      }
      new Checkpointer(log, signer).covering(log.size());

      // before: every event at once, proved in one pass
      List<AuditEvent> events = log.list(new AuditQuery(LAB, null, id, null));
      List<AuditLog.InclusionProof> proofs =
          log.proveAll(events.stream().map(AuditEvent::seq).toList());
      byte[] before =
          RedTeamOldReceiptDocument.json(s, events, proofs, ISSUED, "0".repeat(64)).json();
      String outcomeBefore =
          RedTeamOldReceiptDocument.json(s, events, proofs, ISSUED, "0".repeat(64)).outcome();

      // now: read in one pass, kept compact, proved a part at a time
      ReceiptDocument.Events gathered = new ReceiptDocument.Events();
      log.each(new AuditQuery(LAB, null, id, null), gathered::add);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String outcome =
          ReceiptDocument.write(out, s, gathered, log::proveAll, ISSUED, "0".repeat(64));
      assertEquals(outcomeBefore, outcome);
      // the same JSON (the layout now puts top-level array elements on lines of their own)
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      assertEquals(json.readTree(before), json.readTree(out.toByteArray()));
    }
  }

  private static EventDraft sub(EventType type, String id) {
    return EventDraft.of(type).lab(LAB).submission(id);
  }

  private static EventDraft item(EventType type, String id, StagedItem item) {
    return EventDraft.of(type).lab(LAB).submission(id).item(item.itemId());
  }
}
