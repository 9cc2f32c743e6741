package org.prex.route;

import java.util.Set;
import org.prex.config.AgencyPolicy;
import org.prex.designate.Designation;

/**
 * The routing rules (docs/designation.md): may agency A receive an item of designation D? The
 * rules, checked in order; the first that fails decides a refusal:
 *
 * <ol>
 *   <li>A is among the submission's recipients;
 *   <li>D is PUBLIC, or A is in the USA, or D is REL TO A's country, and not NOFORN unless A is in
 *       the USA;
 *   <li>A may receive every specified category of D;
 *   <li>FED ONLY or NOCON in D needs A federal;
 *   <li>DL ONLY in D needs A on the dissemination list.
 * </ol>
 */
public final class RoutingRules {
  private RoutingRules() {}

  /**
   * Whether an agency receives an item, and the rule that decided it.
   *
   * @param rule the number (1–5) of the rule that refused it; for a delivery, 2 when D is PUBLIC
   *     (rules 3–5 do not apply), else 0 (every rule holds)
   * @param why the decision in words
   */
  public record Decision(String agency, boolean delivered, int rule, String why) {
    /** "rule N: why", or "every rule holds: why". */
    public String explained() {
      return rule == 0 ? "rules 1-5 hold: " + why : "rule " + rule + ": " + why;
    }
  }

  /**
   * @param recipients the agencies the submission shares with (rule 1)
   * @param disseminationList the submission's dissemination list (rule 5), empty if none
   */
  public static boolean mayReceive(
      AgencyPolicy a, Designation d, Set<String> recipients, Set<String> disseminationList) {
    return decide(a, d, recipients, disseminationList).delivered();
  }

  /** Null when the agency may receive it, else the rule it fails, in words. */
  public static String whyNot(
      AgencyPolicy a, Designation d, Set<String> recipients, Set<String> disseminationList) {
    Decision decision = decide(a, d, recipients, disseminationList);
    return decision.delivered() ? null : decision.why();
  }

  /** The decision for one agency, with the rule that made it. */
  public static Decision decide(
      AgencyPolicy a, Designation d, Set<String> recipients, Set<String> disseminationList) {
    String id = a.id();
    if (!recipients.contains(id)) {
      return new Decision(id, false, 1, "not among the submission's recipients");
    }
    if (d.isPublic()) {
      return new Decision(id, true, 2, "PUBLIC goes to every recipient");
    }
    if (!d.releasableTo(a.country())) {
      return new Decision(
          id,
          false,
          2,
          d.has("NOFORN")
              ? "NOFORN and the agency is in " + a.country()
              : "not releasable to " + a.country());
    }
    for (String category : d.specifiedCategories()) {
      if (!a.categories().contains(category)) {
        return new Decision(id, false, 3, "may not receive category SP-" + category);
      }
    }
    if ((d.has("FED ONLY") || d.has("NOCON")) && !a.federal()) {
      return new Decision(
          id, false, 4, "not federal (" + (d.has("FED ONLY") ? "FED ONLY" : "NOCON") + ")");
    }
    if (d.has("DL ONLY") && !disseminationList.contains(id)) {
      return new Decision(id, false, 5, "not on the dissemination list (DL ONLY)");
    }
    return new Decision(id, true, 0, delivered(a, d));
  }

  private static String delivered(AgencyPolicy a, Designation d) {
    StringBuilder b = new StringBuilder("a recipient");
    if (a.country().equals("USA")) {
      b.append(", in the USA");
    } else {
      b.append(", REL TO ").append(a.country());
    }
    if (!d.specifiedCategories().isEmpty()) {
      b.append(", may receive SP-").append(String.join(", SP-", d.specifiedCategories()));
    }
    if (d.has("FED ONLY") || d.has("NOCON")) {
      b.append(", federal");
    }
    if (d.has("DL ONLY")) {
      b.append(", on the dissemination list");
    }
    return b.toString();
  }
}
