package org.prex.outcome;

import java.util.Objects;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.deliver.DeliveryException;
import org.prex.item.Hold;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.Receipts;
import org.prex.staging.Attempts;
import org.prex.staging.Staging;
import org.prex.submission.Failures;
import org.prex.submission.Submission;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs when the routes' own failure handling failed (docs/outcomes.md): a rejection or a
 * quarantine that threw, or an answer that kept failing. Never throws: it is the end of every
 * failure path, and the Camel error handler does not handle a failure inside a failure handler.
 *
 * <p>{@link #failed} counts the failed attempt in staging, beside the submission, so that the count
 * outlives restarts; the submission stays staged, in custody, and is handled again at the next
 * start. At {@link #LIMIT} failed attempts it is {@linkplain #giveUp given up}: whatever of it no
 * agency received is sealed into quarantine with the reason, the lab is answered (a minimal signed
 * receipt if the full one cannot be made), then staging is released. If even quarantine fails, the
 * plaintext stays in staging and the operator is told: it is never removed unsealed.
 *
 * <p>Application log lines name the submission and exception types only: a library's message may
 * quote a lab's file name.
 */
public final class LastResort {
  /** Failed attempts after which a submission is given up rather than tried again. */
  public static final int LIMIT = 3;

  private static final Logger LOG = LoggerFactory.getLogger(LastResort.class);
  private final Staging staging;
  private final Quarantine quarantine;
  private final Receipts receipts;
  private final Completion completion;
  private final Checkpointer checkpointer;
  private final AuditLog log;
  private final SubmissionState state;

  public LastResort(
      Staging staging,
      Quarantine quarantine,
      Receipts receipts,
      Completion completion,
      Checkpointer checkpointer,
      AuditLog log) {
    this.staging = Objects.requireNonNull(staging, "staging");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.receipts = Objects.requireNonNull(receipts, "receipts");
    this.completion = Objects.requireNonNull(completion, "completion");
    this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
    this.log = Objects.requireNonNull(log, "audit log");
    this.state = new SubmissionState(log);
  }

  /**
   * The end of every failure path: counts a failed attempt at the submission the exchange carries;
   * gives it up when that makes {@link #LIMIT}.
   *
   * @param body what the failed exchange carried: a submission, or anything else when the failure
   *     came before there was one (said, and left to the next start)
   * @param t the failure, or null when unknown
   */
  public void failed(Object body, Throwable t) {
    if (!(body instanceof Submission submission)) {
      LOG.error(
          "a failure handler failed on something that is not a submission ({}); whatever is"
              + " staged is handled again at the next start",
          type(t));
      return;
    }
    int failures;
    try {
      failures = staging.recordFailure(submission.id(), Failures.reason(t));
    } catch (Exception e) {
      LOG.error(
          "submission {} could not be handled ({}), and its failed attempt could not be counted"
              + " ({}); it stays staged and is handled again at the next start",
          submission.id(),
          type(t),
          type(e));
      return;
    }
    if (failures < 0) {
      LOG.warn(
          "submission {} failed after it left staging ({}); nothing of it is left to handle",
          submission.id(),
          type(t));
    } else if (failures < LIMIT) {
      LOG.warn(
          "submission {} could not be handled ({}; attempt {} of {}); it stays staged and is"
              + " handled again at the next start",
          submission.id(),
          type(t),
          failures,
          LIMIT);
    } else {
      giveUp(submission);
    }
  }

  /** Whether a staged submission has failed {@link #LIMIT} times: to be given up, not retried. */
  public boolean exhausted(String submissionId) {
    try {
      return staging.attempts(submissionId).failures() >= LIMIT;
    } catch (Exception e) {
      LOG.warn(
          "the attempts of submission {} cannot be read ({}); it is handled again",
          submissionId,
          type(e));
      return false;
    }
  }

  /**
   * Ends a submission that could not be handled: quarantine (with the reason), receipt, release,
   * checkpoint, each step done only if the one before it worked. Safe to run again: what was done
   * is not done twice.
   */
  public void giveUp(Submission submission) {
    String id = submission.id();
    String reason;
    try {
      Attempts a = staging.attempts(id);
      reason = "could not be handled after " + a.failures() + " attempts: " + a.lastReason();
      quarantine.holdUndelivered(submission, Hold.givenUp(reason));
      if (submission.items().isEmpty() && !state.rejected(submission.lab(), id)) {
        // nothing to hold (a refused manifest names no staged file): the submission is refused
        log.append(
            EventDraft.of(EventType.REJECTED).lab(submission.lab()).submission(id).reason(reason));
      }
    } catch (Exception e) {
      LOG.error(
          "submission {} was given up but cannot be quarantined ({}): its plaintext stays in"
              + " staging, in custody, and quarantine is tried again at the next start. Operator:"
              + " check that the quarantine folder is writable and the quarantine key usable",
          id,
          type(e));
      return;
    }
    if (!answer(submission, reason)) {
      return;
    }
    try {
      completion.complete(submission);
    } catch (Exception e) {
      LOG.error(
          "submission {} was given up, quarantined and answered, but cannot leave staging ({});"
              + " it is released at the next start",
          id,
          type(e));
      return;
    }
    try {
      checkpointer.checkpoint();
    } catch (Exception e) {
      LOG.warn("no checkpoint after submission {} ({}); the next one covers it", id, type(e));
    }
    LOG.warn("submission {} given up: {}", id, reason);
  }

  /** The full receipt, else a minimal one; false if the lab could not be answered now. */
  private boolean answer(Submission submission, String reason) {
    try {
      receipts.send(submission);
      return true;
    } catch (DeliveryException e) {
      LOG.warn(
          "submission {} was given up and quarantined; the drop box cannot take its receipt"
              + " now, it is answered at the next start",
          submission.id());
      return false;
    } catch (Exception e) {
      LOG.warn(
          "the full receipt of submission {} cannot be made ({}); a minimal one is sent",
          submission.id(),
          type(e));
    }
    try {
      String outcome =
          state.rejected(submission.lab(), submission.id()) ? "rejected" : "quarantined";
      receipts.sendMinimal(submission.staged(), outcome, reason);
      return true;
    } catch (Exception e) {
      LOG.error(
          "submission {} was given up and quarantined, but no receipt could be sent ({}); it is"
              + " answered at the next start",
          submission.id(),
          type(e));
      return false;
    }
  }

  private static String type(Throwable t) {
    return t == null ? "unknown failure" : t.getClass().getName();
  }
}
