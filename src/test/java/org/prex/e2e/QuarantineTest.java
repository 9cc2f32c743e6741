package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;
import org.prex.testing.Trees;

/**
 * An item no agency may receive reaches no agency: it is sealed to the security officer's key in
 * quarantine, and the log says why.
 */
class QuarantineTest {

  @Test
  void anItemNoAgencyMayReceive_isSealedToTheSecurityOfficer_andLogged(@TempDir Path root)
      throws Exception {
    RunningExchange.Setup setup = RunningExchange.setUp(root).quarantiningLooseFiles();
    Deployment d = setup.deployment;
    byte[] content = "system card held back\n".getBytes(StandardCharsets.UTF_8);
    try (RunningExchange exchange = setup.start()) {
      exchange.upload("acme-ai", "/inbox/system-card.md", content);
      Await.until("the item quarantined", Duration.ofSeconds(60), () -> quarantined(d).size() == 1);
      AuditEvent q = quarantined(d).get(0);
      assertTrue(q.reason().contains("no agency may receive CUI//SP-PROPIN//DL ONLY"), q.reason());
      for (String agency : RunningExchange.AGENCIES) {
        assertEquals(List.of(), exchange.transfers(agency), agency);
      }
      Path sealed = d.data().resolve("quarantine").resolve(q.item() + ".pgp");
      ByteArrayOutputStream opened = new ByteArrayOutputStream();
      try (InputStream in = Files.newInputStream(sealed)) {
        Opener.open(
            in,
            DecryptionKey.read(d.keys().resolve("exchange/quarantine.secret.asc"), new char[0]),
            PublicCert.read(d.keys().resolve("exchange/signing.pub.asc")),
            opened);
      }
      assertArrayEquals(content, opened.toByteArray());
      Await.until(
          "staging emptied", Duration.ofSeconds(10), () -> Trees.files(d.staging()).isEmpty());
    }
  }

  private static List<AuditEvent> quarantined(Deployment d) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all()).stream()
          .filter(e -> e.type() == EventType.QUARANTINED)
          .toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
