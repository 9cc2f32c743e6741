package org.prex.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;

/**
 * What has become of a staged submission so far: the one place the pipeline asks whether an item is
 * quarantined or delivered to an agency, whether the submission was rejected, and whether the lab
 * was answered (docs/pipeline.md, "Workflow state"). The answers are the transfer log's events,
 * which every step writes as it finishes; asking here before acting is what makes a step safe to
 * run again after a stop.
 */
public final class SubmissionState {
  private final AuditLog log;

  public SubmissionState(AuditLog log) {
    this.log = Objects.requireNonNull(log, "audit log");
  }

  /** Whether the item is in this agency's delivered package. */
  public boolean delivered(String itemId, String agency) {
    return log.hasEvent(itemId, agency, EventType.DELIVERED);
  }

  /** Whether the item is sealed into quarantine. */
  public boolean quarantined(String itemId) {
    return log.hasEvent(itemId, null, EventType.QUARANTINED);
  }

  /** The items of the submission that at least one agency received. */
  public Set<String> deliveredItems(String lab, String submissionId) {
    Set<String> out = new HashSet<>();
    for (AuditEvent e : events(lab, submissionId)) {
      if (e.type() == EventType.DELIVERED && e.item() != null) {
        out.add(e.item());
      }
    }
    return out;
  }

  /** Whether the submission, or any item of it, was rejected. */
  public boolean rejected(String lab, String submissionId) {
    return has(lab, submissionId, EventType.REJECTED);
  }

  /** Whether the lab has its receipt. */
  public boolean answered(String lab, String submissionId) {
    return has(lab, submissionId, EventType.RECEIPT_SENT);
  }

  /** Every event of the submission, oldest first. */
  public List<AuditEvent> events(String lab, String submissionId) {
    return log.list(new AuditQuery(lab, null, submissionId, null));
  }

  private boolean has(String lab, String submissionId, EventType type) {
    return events(lab, submissionId).stream().anyMatch(e -> e.type() == type);
  }
}
