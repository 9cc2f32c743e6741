package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * Markings in content decide too: a stronger CUI marking raises the designation (and narrows who
 * gets it, with the log saying so); a classified marking is a spill that reaches no one.
 */
class ContentMarkingsEndToEndTest {

  @Test
  void aStrongerMarkingNarrowsTheAgencies_andASpillReachesNoOne(@TempDir Path root)
      throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      Deployment d = exchange.deployment;
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put(
            "/inbox/exploit-eval.md",
            "CUI//SP-EXPT\n\n# Exploit evaluation\n\nResults.\n".getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/spill.md",
            "SECRET//NOFORN\n\nThis should never have been uploaded.\n"
                .getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "one item delivered, one quarantined",
          Duration.ofSeconds(60),
          () ->
              Events.count(d, EventType.QUARANTINED) == 1
                  && Events.count(d, EventType.DELIVERED) == 3);
      for (String agency : List.of("caisi", "nsa", "doe-labs")) {
        assertEquals(1, exchange.transfers(agency).size(), agency + " holds EXPT");
      }
      assertEquals(List.of(), exchange.transfers("cisa"), "cisa may not receive SP-EXPT");
      assertEquals(List.of(), exchange.transfers("uk-aisi"));
      List<AuditEvent> events = Events.of(d);
      AuditEvent designated =
          events.stream()
              .filter(e -> e.type() == EventType.DESIGNATED)
              .filter(e -> e.designation().equals("CUI//SP-EXPT/SP-PROPIN"))
              .findFirst()
              .orElseThrow();
      assertTrue(designated.reason().contains("stronger than declared"), designated.reason());
      AuditEvent spill =
          events.stream().filter(e -> e.type() == EventType.QUARANTINED).findFirst().orElseThrow();
      assertTrue(
          spill.reason().contains("spill: classified marking SECRET//NOFORN"), spill.reason());
    }
  }

  @Test
  void aSpillInsideAZip_isFoundAndHeld(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.ZipOutputStream(zip)) {
      out.putNextEntry(new java.util.zip.ZipEntry("evals/readme.md"));
      out.write("# Evaluation bundle\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new java.util.zip.ZipEntry("evals/annex.md"));
      out.write(
          "SECRET\n\nAn annex that should never have been bundled.\n"
              .getBytes(StandardCharsets.UTF_8));
    }
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.upload("acme-ai", "/inbox/eval-bundle.zip", zip.toByteArray());
      Await.until(
          "the zip quarantined",
          Duration.ofSeconds(60),
          () -> Events.count(d, EventType.QUARANTINED) == 1);
      for (String agency : RunningExchange.AGENCIES) {
        assertEquals(List.of(), exchange.transfers(agency), agency);
      }
      AuditEvent q = Events.first(d, EventType.QUARANTINED);
      assertTrue(q.reason().contains("spill: classified marking SECRET"), q.reason());
    }
  }
}
