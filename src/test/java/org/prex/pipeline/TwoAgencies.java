package org.prex.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.prex.audit.AuditLog;
import org.prex.classify.Classifier;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.designate.Designation;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.testing.ExampleKeys;
import org.prex.transfer.TransferSealer;

/**
 * The sealing and delivery steps' fixture: agencies caisi and cisa (both PROPIN), and a submission
 * of two items classified and designated for them, the first for both, the second for cisa only.
 */
final class TwoAgencies {
  /** caisi and cisa, in that order. */
  static final Map<String, AgencyPolicy> AGENCIES = agencies();

  private TwoAgencies() {}

  private static Map<String, AgencyPolicy> agencies() {
    Map<String, AgencyPolicy> agencies = new LinkedHashMap<>();
    agencies.put(
        "caisi",
        new AgencyPolicy("caisi", "CAISI", "USA", true, Set.of("PROPIN"), "file:x", "auto"));
    agencies.put(
        "cisa", new AgencyPolicy("cisa", "CISA", "USA", true, Set.of("PROPIN"), "file:x", "auto"));
    return agencies;
  }

  /** A policy for {@code agencies}, CUI//SP-PROPIN by default, otherwise the defaults. */
  static Policy policy(Map<String, AgencyPolicy> agencies) {
    return new Policy(
        Designation.parse("CUI//SP-PROPIN"),
        Duration.ofHours(1),
        Map.of(),
        Map.of(),
        agencies,
        Duration.ofMinutes(1),
        Policy.ImageRule.HOLD,
        Policy.Quotas.DEFAULT,
        Duration.ofDays(1));
  }

  /** Sealing for the two agencies, with the example exchange key and agency certificates. */
  static SealStep sealStep(Staging staging, AuditLog log) throws Exception {
    return new SealStep(transferSealer(staging, log));
  }

  /** The transfer sealer {@link #sealStep} calls. */
  static TransferSealer transferSealer(Staging staging, AuditLog log) throws Exception {
    Policy policy = policy(AGENCIES);
    Map<String, PublicCert> certs = new LinkedHashMap<>();
    for (String a : AGENCIES.keySet()) {
      certs.put(a, PublicCert.read(ExampleKeys.dir().resolve("agencies/" + a + ".asc")));
    }
    return new TransferSealer(
        new Sealer(SigningKey.read(ExampleKeys.dir().resolve("exchange/signing.asc"), new char[0])),
        certs,
        policy,
        staging,
        log);
  }

  /** {@code s} classified and designated: its first item for both agencies, the second for cisa. */
  static Submission ready(Submission s, Staging staging, AuditLog log) throws Exception {
    return new ClassifyStep(new Classifier(), staging, log)
        .classify(s)
        .map(
            i ->
                i.withDesignation(Designation.parse("CUI//SP-PROPIN"))
                    .withAgencies(
                        i.staged().line() == 4 ? List.of("caisi", "cisa") : List.of("cisa")));
  }
}
