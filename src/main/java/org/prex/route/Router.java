package org.prex.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.designate.Designation;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.submission.Declared;
import org.prex.submission.Submission;

/**
 * Works out which agencies may receive each item (docs/policy.md) and logs ROUTED for each, naming
 * the policy it was decided under; an item no agency may receive is held for quarantine, with every
 * agency's reason.
 */
public record Router(Policy policy, String policySha256, AuditLog log) {
  // policySha256 is the SHA-256 of the policy's text, which every ROUTED event names.

  public Submission route(Submission submission) {
    Set<String> recipients = recipients(submission);
    Set<String> disseminationList = disseminationList(submission);
    return submission.map(
        item -> item.isHeld() ? item : route(item, recipients, disseminationList));
  }

  /**
   * The agencies an item of designation {@code d} in {@code submission} may be routed to, as {@link
   * #route} decides, with nothing logged (what may be sealed ahead of routing, docs/tuning.md).
   */
  public List<String> agenciesFor(Submission submission, Designation d) {
    List<String> agencies = new ArrayList<>();
    for (RoutingRules.Decision decision :
        decisions(policy, d, recipients(submission), disseminationList(submission))) {
      if (decision.delivered()) {
        agencies.add(decision.agency());
      }
    }
    return agencies;
  }

  private Set<String> recipients(Submission submission) {
    Declared declared = submission.staged().declared();
    return declared == null || declared.recipients() == null
        ? policy.agencies().keySet()
        : Set.copyOf(declared.recipients());
  }

  private static Set<String> disseminationList(Submission submission) {
    Declared declared = submission.staged().declared();
    return declared == null ? Set.of() : Set.copyOf(declared.disseminationList());
  }

  /**
   * Every agency's decision for an item of designation {@code d}, in policy order: what {@code
   * serve} routes by and {@code prex policy explain} prints.
   */
  public static List<RoutingRules.Decision> decisions(
      Policy policy, Designation d, Set<String> recipients, Set<String> disseminationList) {
    List<RoutingRules.Decision> out = new ArrayList<>();
    for (AgencyPolicy a : policy.agencies().values()) {
      out.add(RoutingRules.decide(a, d, recipients, disseminationList));
    }
    return out;
  }

  private Item route(Item item, Set<String> recipients, Set<String> disseminationList) {
    List<String> agencies = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (RoutingRules.Decision decision :
        decisions(policy, item.designation(), recipients, disseminationList)) {
      if (decision.delivered()) {
        agencies.add(decision.agency());
      } else {
        refusals.add(decision.agency() + ": " + decision.why());
      }
    }
    if (agencies.isEmpty()) {
      return item.hold(Hold.unroutable(item.designation().toString(), refusals));
    }
    // one transaction for the item's agencies: all of them are routed, or none is logged
    log.appendAll(
        agencies.stream()
            .map(
                agency ->
                    EventDraft.of(EventType.ROUTED)
                        .lab(item.staged().lab())
                        .submission(item.staged().submissionId())
                        .item(item.id())
                        .agency(agency)
                        .designation(item.designation().toString())
                        .policy(policySha256))
            .toList());
    return item.withAgencies(agencies);
  }
}
