package org.prex.route;

import java.util.Set;
import org.prex.config.AgencyPolicy;
import org.prex.designate.Designation;

/** The predicate of SPEC §7: may agency A receive an item of designation D? */
public final class RoutingRules {
  private RoutingRules() {}

  /**
   * @param recipients the agencies the submission shares with (rule 1)
   * @param disseminationList the submission's dissemination list (rule 5), empty if none
   */
  public static boolean mayReceive(
      AgencyPolicy a, Designation d, Set<String> recipients, Set<String> disseminationList) {
    return whyNot(a, d, recipients, disseminationList) == null;
  }

  /** Null when the agency may receive it, else the rule it fails, in words. */
  public static String whyNot(
      AgencyPolicy a, Designation d, Set<String> recipients, Set<String> disseminationList) {
    if (!recipients.contains(a.id())) {
      return "not among the submission's recipients";
    }
    if (d.isPublic()) {
      return null;
    }
    if (!d.releasableTo(a.country())) {
      return d.has("NOFORN")
          ? "NOFORN and the agency is in " + a.country()
          : "not releasable to " + a.country();
    }
    for (String category : d.specifiedCategories()) {
      if (!a.categories().contains(category)) {
        return "may not receive category SP-" + category;
      }
    }
    if ((d.has("FED ONLY") || d.has("NOCON")) && !a.federal()) {
      return "not federal (" + (d.has("FED ONLY") ? "FED ONLY" : "NOCON") + ")";
    }
    if (d.has("DL ONLY") && !disseminationList.contains(a.id())) {
      return "not on the dissemination list (DL ONLY)";
    }
    return null;
  }
}
