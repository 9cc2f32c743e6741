package org.prex.receipt;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.time.Clock;
import java.util.Objects;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.files.OwnerOnly;
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
  private final Path workDir;
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
      Path workDir,
      String policySha256) {
    this(log, checkpointer, signer, box, workDir, policySha256, Clock.systemUTC());
  }

  /**
   * @param workDir a folder of prex's own (made 0700 if missing) where a receipt is written and
   *     signed before it is sent, and removed once it is
   * @param clock when a receipt says it was issued
   */
  public Receipts(
      AuditLog log,
      Checkpointer checkpointer,
      ClearSigner signer,
      ReceiptBox box,
      Path workDir,
      String policySha256,
      Clock clock) {
    this.workDir = Objects.requireNonNull(workDir, "receipts' work folder");
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
    synchronized (sendingOf(submission)) {
      sendMinimalNow(submission, outcome, reason);
    }
  }

  private void sendMinimalNow(StagedSubmission submission, String outcome, String reason)
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
    sendFull(submission, log::proveAll);
  }

  /**
   * One send at a time per submission: two at once (a retry overlapping a send under way) would
   * both write the lab's receipt, the second replacing the first, while RECEIPT_SENT names the
   * first. Submissions share 256 locks by the hash of their id.
   */
  private final Object[] sending = new Object[256];

  {
    java.util.Arrays.setAll(sending, i -> new Object());
  }

  private Object sendingOf(StagedSubmission submission) {
    return sending[Math.floorMod(submission.submissionId().hashCode(), sending.length)];
  }

  /** The full receipt, its events proved by {@code prover}. */
  void sendFull(StagedSubmission submission, ReceiptDocument.Prover prover) throws IOException {
    synchronized (sendingOf(submission)) {
      sendFullNow(submission, prover);
    }
  }

  private void sendFullNow(StagedSubmission submission, ReceiptDocument.Prover prover)
      throws IOException {
    // the submission is handled: its events are all logged, and only this adds to them
    ReceiptDocument.Events events = events(submission);
    if (events.answered()) {
      return;
    }
    // written, signed and sent from files of prex's own: a folder of thousands of files has a
    // receipt of hundreds of MB, which the heap never holds (docs/pipeline.md, "Answers")
    OwnerOnly.createFolders(workDir);
    // a name of its own: a file an earlier send could not remove is never written into
    String name = submission.submissionId() + "-" + java.util.UUID.randomUUID();
    Path json = workDir.resolve(name + ".json");
    Path signed = workDir.resolve(name + ".asc");
    try {
      String outcome;
      try (OutputStream out = new BufferedOutputStream(OwnerOnly.newOutputStream(json), 1 << 16)) {
        outcome = document(submission, events, prover, out);
      }
      var sha = Sha256.newDigest();
      try (InputStream in = Files.newInputStream(json);
          OutputStream out =
              new DigestOutputStream(
                  new BufferedOutputStream(OwnerOnly.newOutputStream(signed), 1 << 16), sha)) {
        signer.sign(in, out);
      }
      Files.delete(json);
      put(
          submission,
          () -> box.put(submission.lab(), fileName(submission.submissionId()), signed),
          Sha256.hex(sha),
          "receipt",
          outcome);
    } finally {
      removeQuietly(json);
      removeQuietly(signed);
    }
  }

  /**
   * Removes a receipt's file; a failure to is logged, not thrown, so that it does not hide why the
   * send failed (a drop box that cannot take it is retried, anything else counted). What is left is
   * removed at the next start.
   */
  private static void removeQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", file.getFileName(), e.getMessage());
    }
  }

  /** Sends a receipt to the lab's drop box. */
  private interface Sending {
    void send() throws IOException;
  }

  private void put(StagedSubmission submission, byte[] bytes, String what, String outcome)
      throws IOException {
    var sha = Sha256.newDigest();
    sha.update(bytes);
    put(
        submission,
        () -> box.put(submission.lab(), fileName(submission.submissionId()), bytes),
        Sha256.hex(sha),
        what,
        outcome);
  }

  /**
   * Writes a signed receipt (of that SHA-256) into the lab's receipts folder and logs RECEIPT_SENT.
   */
  private void put(
      StagedSubmission submission, Sending sending, String sha256, String what, String outcome)
      throws IOException {
    try {
      sending.send();
    } catch (IOException e) {
      waitingForDropBox.add(submission.submissionId());
      LOG.warn(
          "the receipt of submission {} cannot be written yet, will retry: {}",
          submission.submissionId(),
          e.getMessage());
      throw new DeliveryException(
          "receipt of submission " + submission.submissionId() + " pending: " + e.getMessage());
    }
    waitingForDropBox.remove(submission.submissionId());
    if (log.appendOnce(
            EventDraft.of(EventType.RECEIPT_SENT)
                .lab(submission.lab())
                .submission(submission.submissionId())
                .sha256Plain(sha256)
                .reason(what + " written to the lab's receipts folder"))
        .isPresent()) {
      answeredCounter.accept(outcome);
    }
  }

  /** The submission's events, read in one pass and gathered as its receipt needs them. */
  private ReceiptDocument.Events events(StagedSubmission submission) {
    ReceiptDocument.Events events = new ReceiptDocument.Events();
    // a read the log retries (a lost connection) starts over: what was gathered is not added again
    log.each(
        new AuditQuery(submission.lab(), null, submission.submissionId(), null),
        e -> {
          if (e.seq() > events.lastSeq()) {
            events.add(e);
          }
        });
    return events;
  }

  /**
   * Writes the receipt's JSON and returns its outcome: a checkpoint covering every event of the
   * submission (one made meanwhile for another submission will do), and every event of the
   * submission proved under the newest checkpoint, a part at a time.
   */
  private String document(
      StagedSubmission submission,
      ReceiptDocument.Events events,
      ReceiptDocument.Prover prover,
      OutputStream out)
      throws IOException {
    checkpointer.covering(events.lastSeq());
    return ReceiptDocument.write(
        out, submission, events, prover, clock.instant().toString(), policySha256);
  }
}
