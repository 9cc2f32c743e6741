package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.deliver.Deliveries;
import org.prex.deliver.DeliveryTarget;
import org.prex.deliver.FileTarget;
import org.prex.submission.Submission;

/**
 * Delivery queues each agency's package in its lane; the submission goes on to the answers route
 * once the last is DELIVERED, and a submission delivered already goes on at once, delivered again
 * to no one.
 */
class DeliverStepTest extends StepFixture {

  @Test
  void eachPackageIsDelivered_thenTheSubmissionIsAnswered_once() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TwoAgencies.sealStep(staging, log).seal(ready);
    Map<String, DeliveryTarget> targets = new LinkedHashMap<>();
    for (String agency : TwoAgencies.AGENCIES.keySet()) {
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
      for (String agency : TwoAgencies.AGENCIES.keySet()) {
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

  private static List<AuditEvent> of(AuditLog log, EventType type) {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == type).toList();
  }
}
