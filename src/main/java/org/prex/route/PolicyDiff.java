package org.prex.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.designate.Designation;

/**
 * What a policy change does to access: for a representative set of designations, which agencies
 * gain or lose items, decided by the same routing code as {@code serve} ({@link Router#decisions}).
 *
 * <p>The representative designations are PUBLIC, CUI, both policies' default designations, floors
 * and legacy-marking designations, and CUI//SP-C for every category C either policy names; each of
 * these alone, joined with every limited dissemination control (NOFORN, FED ONLY, FEDCON, NOCON, DL
 * ONLY), and (unless NOFORN) marked REL TO USA and each foreign country either policy names. Every
 * agency of either policy is a recipient and on the dissemination list, so that DL ONLY shows what
 * the other rules allow.
 */
public final class PolicyDiff {
  private PolicyDiff() {}

  /**
   * One agency gaining or losing items of one designation.
   *
   * @param before the old policy's decision, null when the agency is not in it
   * @param after the new policy's decision, null when the agency is not in it
   */
  public record Change(
      Designation designation,
      String agency,
      boolean gains,
      RoutingRules.Decision before,
      RoutingRules.Decision after) {}

  /** The designations a diff looks at, in a stable order, without repeats. */
  public static List<Designation> representatives(Policy old, Policy now) {
    Set<String> categories = new TreeSet<>();
    Set<String> countries = new TreeSet<>();
    List<Designation> named = new ArrayList<>();
    for (Policy p : List.of(old, now)) {
      named.add(p.defaultDesignation());
      named.addAll(p.floors().values());
      named.addAll(p.legacyMarkings().values());
      for (AgencyPolicy a : p.agencies().values()) {
        categories.addAll(a.categories());
        if (!a.country().equals("USA")) {
          countries.add(a.country());
        }
      }
    }
    for (Designation d : named) {
      categories.addAll(d.specifiedCategories());
      for (String c : d.relTo()) {
        if (!c.equals("USA")) {
          countries.add(c);
        }
      }
    }
    Set<Designation> bases = new LinkedHashSet<>();
    bases.add(Designation.parse("CUI"));
    bases.addAll(named);
    for (String c : categories) {
      bases.add(Designation.parse("CUI//SP-" + c));
    }
    List<Designation> controls = new ArrayList<>();
    for (String c : List.of("NOFORN", "FED ONLY", "FEDCON", "NOCON", "DL ONLY")) {
      controls.add(Designation.parse("CUI//" + c));
    }
    Set<Designation> out = new LinkedHashSet<>();
    out.add(Designation.PUBLIC);
    for (Designation b : bases) {
      out.add(b);
      if (b.isPublic()) {
        continue;
      }
      for (Designation c : controls) {
        out.add(b.join(c));
      }
      if (!b.has("NOFORN")) {
        for (String country : countries) {
          // not a join: joining a REL TO with CUI that has none keeps USA only (docs/policy.md)
          out.add(new Designation(false, b.categories(), b.controls(), List.of("USA", country)));
        }
      }
    }
    return List.copyOf(out);
  }

  /** Every agency that gains or loses access, per representative designation. */
  public static List<Change> diff(Policy old, Policy now) {
    Set<String> all = new TreeSet<>(old.agencies().keySet());
    all.addAll(now.agencies().keySet());
    List<Change> changes = new ArrayList<>();
    for (Designation d : representatives(old, now)) {
      Map<String, RoutingRules.Decision> before = byAgency(Router.decisions(old, d, all, all));
      Map<String, RoutingRules.Decision> after = byAgency(Router.decisions(now, d, all, all));
      for (String agency : all) {
        RoutingRules.Decision b = before.get(agency);
        RoutingRules.Decision a = after.get(agency);
        boolean was = b != null && b.delivered();
        boolean is = a != null && a.delivered();
        if (was != is) {
          changes.add(new Change(d, agency, is, b, a));
        }
      }
    }
    return changes;
  }

  private static Map<String, RoutingRules.Decision> byAgency(List<RoutingRules.Decision> ds) {
    Map<String, RoutingRules.Decision> out = new LinkedHashMap<>();
    for (RoutingRules.Decision d : ds) {
      out.put(d.agency(), d);
    }
    return out;
  }
}
