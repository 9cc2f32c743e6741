package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.prex.classify.Classifier;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.designate.Designation;
import org.prex.item.Item;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;

/**
 * Sealing makes one whole package per agency in staging, logs SEALED per item and agency, and seals
 * nothing again when run a second time (after a stop).
 */
class SealStepTest {

  @Test
  void onePackagePerAgency_sealedOnce(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    Map<String, AgencyPolicy> agencies = new LinkedHashMap<>();
    agencies.put(
        "caisi",
        new AgencyPolicy("caisi", "CAISI", "USA", true, Set.of("PROPIN"), "file:x", "auto"));
    agencies.put(
        "cisa", new AgencyPolicy("cisa", "CISA", "USA", true, Set.of("PROPIN"), "file:x", "auto"));
    Policy policy =
        new Policy(
            Designation.parse("CUI//SP-PROPIN"),
            Duration.ofHours(1),
            Map.of(),
            Map.of(),
            agencies,
            Duration.ofMinutes(1),
            Policy.ImageRule.HOLD,
            Policy.Quotas.DEFAULT,
            Duration.ofDays(1));
    Map<String, PublicCert> certs = new LinkedHashMap<>();
    for (String a : agencies.keySet()) {
      certs.put(a, PublicCert.read(Path.of("keys-example/agencies/" + a + ".asc")));
    }
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
      Submission ready =
          new ClassifyStep(new Classifier(), staging, log)
              .classify(s)
              .map(
                  i ->
                      i.withDesignation(Designation.parse("CUI//SP-PROPIN"))
                          .withAgencies(
                              i.staged().line() == 4 ? List.of("caisi", "cisa") : List.of("cisa")));
      SealStep step =
          new SealStep(
              new TransferSealer(
                  new Sealer(
                      SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0])),
                  certs,
                  policy,
                  staging,
                  log));
      step.seal(ready);
      for (String agency : agencies.keySet()) {
        Path pkg = TransferSealer.wholePackage(staging.sealed(s.id(), agency));
        assertNotNull(pkg, agency);
        assertTrue(Files.exists(pkg.resolve("manifest.json.pgp")), agency);
      }
      assertEquals(3, sealed(log).size(), "caisi: one item, cisa: two");
      Path caisi = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
      step.seal(ready);
      assertEquals(caisi, TransferSealer.wholePackage(staging.sealed(s.id(), "caisi")));
      assertEquals(3, sealed(log).size(), "not sealed again");
      for (Item i : ready.items()) {
        assertTrue(Files.exists(staging.content(i.id())), "plaintext stays until answered");
      }
    }
  }

  private static List<AuditEvent> sealed(AuditLog log) {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == EventType.SEALED).toList();
  }
}
