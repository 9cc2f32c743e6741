package org.prex.receipt;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.item.Sha256;
import org.prex.seal.ClearSigner;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every handled submission (delivered, partly or wholly quarantined, or rejected) with a
 * receipt in the lab's {@code /receipts/<submission-id>.receipt.asc}: {@code prex-receipt/1} JSON,
 * OpenPGP clear-signed by the exchange key, carrying the log checkpoint made after the submission
 * was handled and the inclusion proofs of its events under it. Sent once: RECEIPT_SENT records it.
 */
public final class Receipts {
  private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);
  private final AuditLog log;
  private final SubmissionState state;
  private final Checkpointer checkpointer;
  private final ClearSigner signer;
  private final ReceiptBox box;
  private final String policySha256;
  private final Clock clock;
  private volatile java.util.function.Consumer<String> answeredCounter = outcome -> {};
  private final java.util.Set<String> waitingForDropBox =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param policySha256 the policy in force, which a receipt names when none of its items was
   *     routed (rejected or held); routed items name the policy of their ROUTED events
   */
  public Receipts(
      AuditLog log,
      Checkpointer checkpointer,
      ClearSigner signer,
      ReceiptBox box,
      String policySha256) {
    this(log, checkpointer, signer, box, policySha256, Clock.systemUTC());
  }

  /**
   * @param clock when a receipt says it was issued
   */
  public Receipts(
      AuditLog log,
      Checkpointer checkpointer,
      ClearSigner signer,
      ReceiptBox box,
      String policySha256,
      Clock clock) {
    this.policySha256 = policySha256;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "audit log");
    this.state = new SubmissionState(log);
    this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.box = Objects.requireNonNull(box, "receipt box");
  }

  /**
   * Told of every receipt logged RECEIPT_SENT, with the outcome it tells the lab ("delivered",
   * "quarantined", "partly quarantined", "rejected"): metrics, docs/operations.md.
   */
  public void countAnswered(java.util.function.Consumer<String> counter) {
    this.answeredCounter = Objects.requireNonNull(counter, "counter");
  }

  /** How many submissions' receipts wait for their lab's drop box to take them. */
  public int waitingForDropBox() {
    return waitingForDropBox.size();
  }

  /** The last step but one of every submission: after delivery, rejection or quarantine. */
  public Submission send(Submission submission) throws IOException {
    send(submission.staged());
    return submission;
  }

  /**
   * The last resort's receipt, when the full one cannot be made for a submission given up after
   * failed attempts: {@link ReceiptDocument#minimal}, still signed and logged RECEIPT_SENT (not
   * sent if a receipt was sent already).
   *
   * @param outcome what became of it, as the lab reads it ("quarantined", "rejected")
   * @param reason why it was given up, fit for the log
   * @throws DeliveryException the drop box cannot take it now
   */
  public void sendMinimal(StagedSubmission submission, String outcome, String reason)
      throws IOException {
    if (state.answered(submission.lab(), submission.submissionId())) {
      return;
    }
    String checkpoint;
    try {
      checkpoint = checkpointer.current();
    } catch (RuntimeException e) {
      checkpoint = null; // said by "checkpoint": null; the log's own checkpoints cover it later
    }
    byte[] json =
        ReceiptDocument.minimal(
            submission, outcome, reason, clock.instant().toString(), checkpoint);
    put(submission, signer.sign(json), "minimal receipt", outcome);
  }

  /** The receipt's file name in the lab's receipts folder. */
  public static String fileName(String submissionId) {
    return submissionId + ".receipt.asc";
  }

  private void send(StagedSubmission submission) throws IOException {
    // the submission is handled: its events are all logged, and only this adds to them
    List<AuditEvent> events = state.events(submission.lab(), submission.submissionId());
    if (events.stream().anyMatch(e -> e.type() == EventType.RECEIPT_SENT)) {
      return;
    }
    ReceiptDocument.Document document = document(submission, events);
    String outcome = document.outcome();
    byte[] signed = signer.sign(document.json());
    document = null; // its JSON, tens of MB for a large folder, is not needed any more
    put(submission, signed, "receipt", outcome);
  }

  /** Writes a signed receipt into the lab's receipts folder and logs RECEIPT_SENT. */
  private void put(StagedSubmission submission, byte[] bytes, String what, String outcome)
      throws IOException {
    try {
      box.put(submission.lab(), fileName(submission.submissionId()), bytes);
    } catch (IOException e) {
      waitingForDropBox.add(submission.submissionId());
      LOG.warn(
          "the receipt of submission {} cannot be written yet, will retry: {}",
          submission.submissionId(),
          e.getMessage());
      throw new DeliveryException(
          "receipt of submission " + submission.submissionId() + " pending: " + e.getMessage());
    }
    var sha = Sha256.newDigest();
    sha.update(bytes);
    waitingForDropBox.remove(submission.submissionId());
    if (log.appendOnce(
            EventDraft.of(EventType.RECEIPT_SENT)
                .lab(submission.lab())
                .submission(submission.submissionId())
                .sha256Plain(Sha256.hex(sha))
                .reason(what + " written to the lab's receipts folder"))
        .isPresent()) {
      answeredCounter.accept(outcome);
    }
  }

  /**
   * The receipt's JSON: a checkpoint covering every event of the submission (one made meanwhile for
   * another submission will do), and every event of the submission proved under the newest
   * checkpoint, in one pass.
   */
  private ReceiptDocument.Document document(StagedSubmission submission, List<AuditEvent> events) {
    checkpointer.covering(events.stream().mapToLong(AuditEvent::seq).max().orElse(0));
    List<AuditLog.InclusionProof> proofs =
        log.proveAll(events.stream().map(AuditEvent::seq).toList());
    return ReceiptDocument.json(
        submission, events, proofs, clock.instant().toString(), policySha256);
  }
}
