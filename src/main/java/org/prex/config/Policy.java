package org.prex.config;

import java.time.Duration;
import java.util.Map;
import org.prex.designate.Designation;

/** The routing policy, {@code routes/policy.yaml} (SPEC §7), validated. */
public record Policy(
    Designation defaultDesignation,
    Duration manifestTimeout,
    Map<String, Designation> legacyMarkings,
    Map<String, Designation> floors,
    Map<String, AgencyPolicy> agencies) {

  public Policy {
    legacyMarkings = Map.copyOf(legacyMarkings);
    floors = Map.copyOf(floors);
    agencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(agencies));
  }
}
