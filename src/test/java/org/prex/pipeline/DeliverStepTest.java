package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.deliver.Deliveries;
import org.prex.deliver.DeliveryTarget;
import org.prex.deliver.FileTarget;
import org.prex.designate.Designation;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;

/**
 * Delivery queues each agency's package in its lane; the submission goes on to the answers route
 * once the last is DELIVERED, and a submission delivered already goes on at once, delivered again
 * to no one.
 */
class DeliverStepTest {

  @Test
  void eachPackageIsDelivered_thenTheSubmissionIsAnswered_once(@TempDir Path root)
      throws Exception {
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
      new SealStep(
              new TransferSealer(
                  new Sealer(
                      SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0])),
                  certs,
                  policy,
                  staging,
                  log))
          .seal(ready);
      Map<String, DeliveryTarget> targets = new LinkedHashMap<>();
      for (String agency : agencies.keySet()) {
        targets.put(agency, FileTarget.of("file:outbox/" + agency, root.resolve("data")));
      }
      CamelContext camel = new DefaultCamelContext();
      camel.start();
      try (Deliveries deliveries = new Deliveries(targets, staging, log, Clock.systemUTC());
          ConsumerTemplate answers = camel.createConsumerTemplate()) {
        DeliverStep step = new DeliverStep(deliveries);
        step.deliver(ready, camel);
        assertEquals(ready, answers.receiveBody("seda:answers", 60_000, Submission.class));
        assertEquals(3, of(log, EventType.DELIVERED).size(), "caisi: one item, cisa: two");
        for (String agency : agencies.keySet()) {
          try (var out = Files.list(root.resolve("data/outbox/" + agency))) {
            assertEquals(1, out.count(), agency);
          }
        }
        step.deliver(ready, camel);
        assertEquals(ready, answers.receiveBody("seda:answers", 1_000, Submission.class));
        assertEquals(3, of(log, EventType.DELIVERED).size(), "delivered once");
      } finally {
        camel.stop();
      }
    }
  }

  private static List<AuditEvent> of(AuditLog log, EventType type) {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == type).toList();
  }
}
