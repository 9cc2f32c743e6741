package org.prex.outcome;

import org.apache.camel.Exchange;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Failures;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rejects an item that cannot be accepted as uploaded: logs REJECTED with why, frees staging. */
public final class Rejector {
  private static final Logger LOG = LoggerFactory.getLogger(Rejector.class);
  private final Staging staging;
  private final AuditLog log;

  public Rejector(Staging staging, AuditLog log) {
    this.staging = staging;
    this.log = log;
  }

  public void reject(Exchange exchange) {
    Item item = exchange.getMessage().getBody(Item.class);
    String reason = Failures.reason(exchange);
    log.append(
        EventDraft.of(EventType.REJECTED)
            .lab(item.staged().lab())
            .submission(item.staged().submissionId())
            .item(item.id())
            .sha256Plain(item.staged().sha256())
            .reason(reason));
    LOG.info("item {} rejected: {}", item.id(), reason);
    staging.release(item.id());
  }
}
