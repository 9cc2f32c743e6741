package org.prex.outcome;

import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.submission.Problems;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects a submission that cannot be accepted as uploaded: logs REJECTED for it and each of its
 * items, with why. Nothing of it reaches an agency; the receipt tells the lab.
 */
public final class Rejector {
  private static final Logger LOG = LoggerFactory.getLogger(Rejector.class);
  private final AuditLog log;

  public Rejector(AuditLog log) {
    this.log = log;
  }

  /**
   * @param why why it is refused, fit for the log ({@link org.prex.submission.Failures#reason})
   */
  public void reject(Submission submission, String why) {
    // a reason built from thousands of problems must still fit the log: nothing may fail here
    String reason = Problems.fitted(why);
    if (submission.items().isEmpty()) {
      log.append(
          EventDraft.of(EventType.REJECTED)
              .lab(submission.lab())
              .submission(submission.id())
              .reason(reason));
    }
    for (Item item : submission.items()) {
      log.append(
          EventDraft.of(EventType.REJECTED)
              .lab(submission.lab())
              .submission(submission.id())
              .item(item.id())
              .sha256Plain(item.staged().sha256())
              .reason(reason));
    }
    LOG.info("submission {} rejected: {}", submission.id(), reason);
  }
}
