package org.prex.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.item.Item;
import org.prex.item.ItemQuarantined;

/** Works out which agencies may receive an item and logs ROUTED for each. */
public final class Router {
  private final Policy policy;
  private final AuditLog log;

  public Router(Policy policy, AuditLog log) {
    this.policy = policy;
    this.log = log;
  }

  public Item route(Item item) {
    Set<String> recipients = policy.agencies().keySet();
    List<String> agencies = new ArrayList<>();
    for (AgencyPolicy a : policy.agencies().values()) {
      if (RoutingRules.mayReceive(a, item.designation(), recipients, Set.of())) {
        agencies.add(a.id());
      }
    }
    if (agencies.isEmpty()) {
      throw new ItemQuarantined("no agency may receive " + item.designation());
    }
    for (String agency : agencies) {
      log.append(
          EventDraft.of(EventType.ROUTED)
              .lab(item.staged().lab())
              .submission(item.staged().submissionId())
              .item(item.id())
              .agency(agency)
              .designation(item.designation().toString()));
    }
    return item.withAgencies(agencies);
  }
}
