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
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a submission's sealed packages, one per agency it was routed to, exactly once each:
 * agencies already delivered (per the log, or per the target itself after a crash) are skipped, and
 * one agency's failure does not hold up the others. Failures are logged as DELIVERY_RETRY and
 * raised as {@link DeliveryException}, which the route retries with back-off.
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

  public Submission deliver(Submission submission) throws IOException {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, List<Item>> e : submission.byAgency().entrySet()) {
      String agency = e.getKey();
      List<Item> waiting =
          e.getValue().stream()
              .filter(i -> !log.hasEvent(i.id(), agency, EventType.DELIVERED))
              .toList();
      if (waiting.isEmpty()) {
        continue;
      }
      Path pkg = TransferSealer.wholePackage(staging.sealed(submission.id(), agency));
      if (pkg == null) {
        throw new IllegalStateException(
            "submission " + submission.id() + " has no sealed package for " + agency);
      }
      String transfer = pkg.getFileName().toString();
      try {
        targets.get(agency).put(pkg, transfer);
      } catch (IOException ex) {
        failed.add(agency);
        LOG.warn(
            "delivery of transfer {} to {} failed, will retry: {}", transfer, agency, reason(ex));
        log.append(
            event(EventType.DELIVERY_RETRY, submission, null, agency, transfer)
                .reason("target unavailable: " + reason(ex)));
        continue;
      }
      for (Item item : waiting) {
        log.append(event(EventType.DELIVERED, submission, item, agency, transfer));
      }
    }
    if (!failed.isEmpty()) {
      throw new DeliveryException(
          "delivery of submission " + submission.id() + " pending for " + failed);
    }
    return submission;
  }

  /** Only a {@link TargetUnavailable}'s message is known to be safe for the log. */
  private static String reason(IOException e) {
    return e instanceof TargetUnavailable ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static EventDraft event(
      EventType type, Submission submission, Item item, String agency, String transfer) {
    EventDraft draft =
        EventDraft.of(type).lab(submission.lab()).submission(submission.id()).agency(agency);
    if (item != null) {
      draft = draft.item(item.id()).designation(item.designation().toString());
    }
    return draft.transfer(transfer);
  }
}
