package org.prex.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.item.Sha256;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.ReceiptBox;
import org.prex.receipt.ReceiptDocument;
import org.prex.seal.ClearSigner;

/**
 * The lab's receipts of its submission's review (docs/review-cycle.md): a new {@code
 * prex-receipt/1} in its {@code /receipts} each time an agency acknowledges it or confirms its
 * destruction, or the lab withdraws it, saying who opened it and when ({@code acknowledged-by}),
 * which notices went to whom, and who confirmed destruction; with a checkpoint and the inclusion
 * proofs of those events. Named by the newest event it reports, so a receipt written before a stop
 * is the one written again after it; logged RECEIPT_SENT.
 */
final class ReviewReceipts {
  static final Set<EventType> REVIEW =
      Set.of(
          EventType.ACKNOWLEDGED,
          EventType.NOTICE_SENT,
          EventType.DESTROYED,
          EventType.WITHDRAWN,
          EventType.DECONTROLLED);
  private static final Set<EventType> TRIGGERS =
      Set.of(EventType.ACKNOWLEDGED, EventType.DESTROYED, EventType.WITHDRAWN);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final AuditLog log;
  private final Checkpointer checkpointer;
  private final ClearSigner signer;
  private final ReceiptBox box;
  private final Clock clock;

  ReviewReceipts(
      AuditLog log, Checkpointer checkpointer, ClearSigner signer, ReceiptBox box, Clock clock) {
    this.log = log;
    this.checkpointer = checkpointer;
    this.signer = signer;
    this.box = box;
    this.clock = clock;
  }

  /** A withdrawal notice: the lab hears of each agency asked to destroy. */
  private static boolean isWithdrawalNotice(AuditEvent e) {
    return e.type() == EventType.NOTICE_SENT
        && e.reason() != null
        && e.reason().startsWith("withdrawal notice");
  }

  static String fileName(String submission, long seq) {
    return submission + ".review-" + seq + ".receipt.asc";
  }

  /** Sends the lab a review receipt if something happened since its last one. */
  void issueDue(String submission) throws IOException {
    List<AuditEvent> events = log.list(new AuditQuery(null, null, submission, null));
    List<AuditEvent> review = events.stream().filter(e -> REVIEW.contains(e.type())).toList();
    long last =
        review.stream()
            .filter(e -> TRIGGERS.contains(e.type()) || isWithdrawalNotice(e))
            .mapToLong(AuditEvent::seq)
            .max()
            .orElse(0);
    if (last == 0) {
      return;
    }
    String name = fileName(submission, last);
    boolean sent =
        events.stream()
            .anyMatch(
                e ->
                    e.type() == EventType.RECEIPT_SENT
                        && e.reason() != null
                        && e.reason().startsWith("review receipt " + name));
    if (sent) {
      return;
    }
    ReviewState state = ReviewState.of(submission, events);
    String lab = state.lab();
    checkpointer.covering(review.stream().mapToLong(AuditEvent::seq).max().orElse(0));
    List<AuditLog.InclusionProof> proofs =
        log.proveAll(review.stream().map(AuditEvent::seq).toList());
    byte[] signed = signer.sign(json(state, review, proofs)).getBytes(StandardCharsets.UTF_8);
    try {
      box.put(lab, name, signed);
    } catch (IOException e) {
      throw new DeliveryException(
          "review receipt of submission " + submission + " pending: " + e.getMessage());
    }
    var sha = Sha256.newDigest();
    sha.update(signed);
    log.append(
        EventDraft.of(EventType.RECEIPT_SENT)
            .lab(lab)
            .submission(submission)
            .sha256Plain(Sha256.hex(sha))
            .reason("review receipt " + name + " written to the lab's receipts folder"));
  }

  private String json(
      ReviewState state, List<AuditEvent> review, List<AuditLog.InclusionProof> proofs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "prex-receipt/1");
    m.put("kind", "review");
    m.put("submission", state.submission());
    m.put("lab", state.lab());
    m.put("issued", clock.instant().toString());
    m.put("release-date", state.releaseDate() == null ? null : state.releaseDate().toString());
    List<Map<String, Object>> acks = new ArrayList<>();
    state
        .acknowledged()
        .forEach(
            (agency, at) -> {
              Map<String, Object> a = new LinkedHashMap<>();
              a.put("agency", agency);
              ReviewState.Holding h = state.holdings().get(agency);
              a.put("transfer", h == null ? null : h.transfer());
              a.put("at", at.toString());
              a.put("items", List.copyOf(state.opened().getOrDefault(agency, java.util.Set.of())));
              acks.add(a);
            });
    m.put("acknowledged-by", acks);
    List<String> notAcked = new ArrayList<>(state.holdings().keySet());
    notAcked.removeAll(state.acknowledged().keySet());
    m.put("not-yet-acknowledged-by", notAcked);
    if (state.withdrawn() != null) {
      m.put("withdrawn", state.withdrawn().toString());
    }
    List<Map<String, Object>> notices = new ArrayList<>();
    for (ReviewState.SentNotice n : state.notices().values()) {
      if (n.type().equals("other")) {
        continue;
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("notice", n.id());
      o.put("type", n.type());
      o.put("agency", n.agency());
      o.put("sent", n.at().toString());
      o.put(
          "destroyed",
          state.destroyed().containsKey(n.id()) ? state.destroyed().get(n.id()).toString() : null);
      notices.add(o);
    }
    m.put("notices", notices);
    m.put("decontrolled", List.copyOf(state.decontrolled()));
    m.put("checkpoint", proofs.isEmpty() ? null : proofs.get(0).checkpoint());
    m.put("events", ReceiptDocument.proofs(review, proofs));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
