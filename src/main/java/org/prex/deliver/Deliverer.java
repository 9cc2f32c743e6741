package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.prex.transfer.TransferSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an item's sealed packages to every agency it was routed to, exactly once each: agencies
 * already delivered (per the log, or per the target itself after a crash) are skipped, and one
 * agency's failure does not hold up the others. Failures are logged as DELIVERY_RETRY and raised as
 * {@link DeliveryException}, which the route retries with back-off.
 */
public final class Deliverer {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
  private final Map<String, DeliveryTarget> targets;
  private final Staging staging;
  private final AuditLog log;

  public Deliverer(Map<String, DeliveryTarget> targets, Staging staging, AuditLog log) {
    this.targets = Map.copyOf(targets);
    this.staging = staging;
    this.log = log;
  }

  public Item deliver(Item item) throws IOException {
    List<String> failed = new ArrayList<>();
    for (String agency : item.agencies()) {
      if (log.hasEvent(item.id(), agency, EventType.DELIVERED)) {
        continue;
      }
      Path pkg = TransferSealer.wholePackage(staging.sealed(item.id(), agency));
      if (pkg == null) {
        throw new IllegalStateException(
            "item " + item.id() + " has no sealed package for " + agency);
      }
      String transfer = pkg.getFileName().toString();
      try {
        targets.get(agency).put(pkg, transfer);
      } catch (IOException e) {
        failed.add(agency);
        LOG.warn(
            "delivery of transfer {} to {} failed, will retry: {}", transfer, agency, reason(e));
        log.append(
            event(EventType.DELIVERY_RETRY, item, agency, transfer)
                .reason("target unavailable: " + reason(e)));
        continue;
      }
      log.append(event(EventType.DELIVERED, item, agency, transfer));
    }
    if (!failed.isEmpty()) {
      throw new DeliveryException("delivery of item " + item.id() + " pending for " + failed);
    }
    return item;
  }

  /** Only a {@link TargetUnavailable}'s message is known to be safe for the log. */
  private static String reason(IOException e) {
    return e instanceof TargetUnavailable ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static EventDraft event(EventType type, Item item, String agency, String transfer) {
    return EventDraft.of(type)
        .lab(item.staged().lab())
        .submission(item.staged().submissionId())
        .item(item.id())
        .agency(agency)
        .transfer(transfer)
        .designation(item.designation().toString());
  }
}
