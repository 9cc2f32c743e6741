package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.designate.Designation;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.route.Router;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * Routing gives each item the agencies that may receive it, logged ROUTED under the policy's hash;
 * an item nobody may receive is held UNROUTABLE with every agency's reason; a held item is left as
 * it is.
 */
class RouteStepTest {
  private static final String POLICY_SHA = "ab".repeat(32);
  private static final Map<String, AgencyPolicy> AGENCIES = new LinkedHashMap<>();

  static {
    AGENCIES.put(
        "caisi",
        new AgencyPolicy("caisi", "CAISI", "USA", true, Set.of("PROPIN"), "file:x", "auto"));
    AGENCIES.put(
        "uk-aisi",
        new AgencyPolicy("uk-aisi", "UK AISI", "GBR", false, Set.of("PROPIN"), "file:x", "auto"));
  }

  private static final Policy POLICY = TwoAgencies.policy(AGENCIES);

  @Test
  void eachItemGoesToTheAgenciesThatMayReceiveIt(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Submission s =
          designated(
              Staged.folder(staging, null, List.of("a", "b", "c")),
              "CUI//SP-PROPIN//REL TO USA, GBR",
              "CUI//SP-PROPIN//NOFORN",
              "CUI//SP-EXPT");
      Submission routed = new RouteStep(new Router(POLICY, POLICY_SHA, log)).route(s);
      assertEquals(List.of("caisi", "uk-aisi"), routed.items().get(0).agencies());
      assertEquals(List.of("caisi"), routed.items().get(1).agencies());
      Item nobody = routed.items().get(2);
      assertTrue(nobody.isHeld());
      assertEquals(Hold.Kind.UNROUTABLE, nobody.held().kind());
      assertTrue(
          nobody.held().reason().startsWith("no agency may receive CUI//SP-EXPT (caisi: "),
          nobody.held().reason());
      List<AuditEvent> routedEvents = log.list(AuditQuery.all());
      assertEquals(3, routedEvents.size());
      routedEvents.forEach(
          e -> {
            assertEquals(EventType.ROUTED, e.type());
            assertEquals(POLICY_SHA, e.policy());
          });
      assertEquals(Map.of("caisi", 2, "uk-aisi", 1), counts(routed));
    }
  }

  @Test
  void aHeldItemIsNotRouted(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Submission s =
          designated(Staged.looseFile(staging, "x"), "CUI//SP-PROPIN")
              .map(i -> i.hold(Hold.unlisted()));
      Submission routed = new RouteStep(new Router(POLICY, POLICY_SHA, log)).route(s);
      assertEquals(Hold.unlisted(), routed.items().get(0).held());
      assertFalse(routed.items().get(0).agencies().iterator().hasNext());
      assertEquals(List.of(), log.list(AuditQuery.all()));
      assertNull(routed.byAgency().get("caisi"));
    }
  }

  private static Map<String, Integer> counts(Submission s) {
    Map<String, Integer> out = new LinkedHashMap<>();
    s.byAgency().forEach((agency, items) -> out.put(agency, items.size()));
    return out;
  }

  /** The submission with its items designated as given, in order. */
  private static Submission designated(Submission s, String... designations) {
    List<Item> items = new java.util.ArrayList<>();
    for (int n = 0; n < designations.length; n++) {
      items.add(s.items().get(n).withDesignation(Designation.parse(designations[n])));
    }
    return new Submission(s.staged(), items);
  }
}
