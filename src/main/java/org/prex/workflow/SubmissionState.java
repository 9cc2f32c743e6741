package org.prex.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;

/**
 * What has become of a staged submission so far: the one place the pipeline asks whether an item is
 * quarantined or delivered to an agency, whether the submission was rejected, and whether the lab
 * was answered, and records a delivery (docs/pipeline.md, "Workflow state"). The answers come from
 * the workflow-state table beside the transfer log, written in the transaction that logs the event
 * which reaches the state; asking here before acting is what makes a step safe to run again after a
 * stop.
 */
public final class SubmissionState {
  private final AuditLog log;

  public SubmissionState(AuditLog log) {
    this.log = Objects.requireNonNull(log, "audit log");
  }

  /** Whether the item is in this agency's delivered package. */
  public boolean delivered(String itemId, String agency) {
    return log.reached(EventType.DELIVERED, null, itemId, agency);
  }

  /**
   * Logs the delivery of a package's items to the agency ({@code delivered}: DELIVERED drafts, one
   * per item) in one transaction, each unless it was logged before: one DELIVERED per item and
   * agency, however often a package is sent again.
   *
   * @return how many were logged now (0: all of them were logged before)
   */
  public int recordDelivered(List<EventDraft> delivered) {
    for (EventDraft d : delivered) {
      if (d.type() != EventType.DELIVERED) {
        throw new IllegalArgumentException("not a DELIVERED event: " + d.type());
      }
    }
    return log.appendAllOnce(delivered).size();
  }

  /** Whether the lab withdrew the submission (docs/review-cycle.md): nothing more is delivered. */
  public boolean withdrawn(String submissionId) {
    return log.reached(EventType.WITHDRAWN, submissionId, null, null);
  }

  /**
   * Logs that an item's package did not go to the agency because the submission was withdrawn
   * first; once per item and agency.
   */
  public void recordNotDelivered(
      String lab, String submissionId, String itemId, String agency, String transfer) {
    log.appendOnce(
        EventDraft.of(EventType.WITHDRAWN)
            .lab(lab)
            .submission(submissionId)
            .item(itemId)
            .agency(agency)
            .transfer(transfer)
            .reason("not delivered: the lab withdrew the submission first"));
  }

  public boolean quarantined(String itemId) {
    return log.reached(EventType.QUARANTINED, null, itemId, null);
  }

  /** The items of the submission that at least one agency received. */
  public Set<String> deliveredItems(String lab, String submissionId) {
    return log.itemsReached(EventType.DELIVERED, submissionId);
  }

  /** Whether the submission, or any item of it, was rejected. */
  public boolean rejected(String lab, String submissionId) {
    return log.reachedAny(EventType.REJECTED, submissionId);
  }

  /** Whether the lab has its receipt. */
  public boolean answered(String lab, String submissionId) {
    return log.reachedAny(EventType.RECEIPT_SENT, submissionId);
  }

  /** Every event of the submission, oldest first: what its receipt tells. */
  public List<AuditEvent> events(String lab, String submissionId) {
    return log.list(new AuditQuery(lab, null, submissionId, null));
  }
}
