package org.prex.designate;

import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.item.Item;

/**
 * Decides an item's effective designation. A loose file gets the policy's default designation (SPEC
 * §4); markings found in content and floors by kind are joined in by the designations issue.
 */
public final class Designator {
  private final Policy policy;
  private final AuditLog log;

  public Designator(Policy policy, AuditLog log) {
    this.policy = policy;
    this.log = log;
  }

  public Item designate(Item item) {
    Designation d = policy.defaultDesignation();
    log.append(
        EventDraft.of(EventType.DESIGNATED)
            .lab(item.staged().lab())
            .submission(item.staged().submissionId())
            .item(item.id())
            .designation(d.toString())
            .reason("policy default for a loose file"));
    return item.withDesignation(d);
  }
}
