package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.SftpAgency.AGENCY;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.OpenedPackage;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpAgency;

/**
 * Delivery to an agency's own SFTP server (policy {@code deliver: sftp://…}), against a real MINA
 * SSHD server acting as the agency: packages arrive whole and once; while it is down the others
 * still get theirs and the log says DELIVERY_RETRY, and it arrives once when the agency is back; a
 * host key that is not the one in the known_hosts file gets nothing.
 */
class SftpDeliveryTest {
  @Test
  void packagesArriveWholeAndOnce_andAfterTheAgencyWasDown(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    AgencySftpServer server = a.serve(d, "");
    int port = server.port();
    byte[] first = "first evaluation\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] second = "second evaluation\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.upload("acme-ai", "/inbox/first.txt", first);
      Await.until(
          "first delivered to all four",
          Duration.ofSeconds(60),
          () -> Events.count(d, EventType.DELIVERED, null) == 4);
      List<Path> delivered = a.transfers();
      assertEquals(1, delivered.size(), "one package at the agency: " + a.list());
      assertOpensTo(exchange, delivered.get(0), "first.txt", first);

      server.close();
      exchange.upload("acme-ai", "/inbox/second.txt", second);
      Await.until(
          "the others got the second, nsa retrying",
          Duration.ofSeconds(60),
          () ->
              Events.count(d, EventType.DELIVERED, null) == 7
                  && Events.count(d, EventType.DELIVERY_RETRY, AGENCY) >= 2);
      assertEquals(1, a.transfers().size(), "nothing new while down");
      server = a.restart(port);
      Await.until(
          "the second arrives at nsa once it is back (same port, same host key)",
          Duration.ofSeconds(90),
          () -> Events.count(d, EventType.DELIVERED, AGENCY) == 2);
      // time for a duplicate delivery to arrive; none may
      Thread.sleep(1500);
      List<Path> now = a.transfers();
      assertEquals(2, now.size(), "both packages, once each: " + a.list());
      assertEquals(List.of("outbox"), names(a.files()), "nothing else at the agency");
      assertEquals(2, Events.count(d, EventType.DELIVERED, AGENCY), "delivered exactly once each");
      Path secondTransfer = now.get(0).equals(delivered.get(0)) ? now.get(1) : now.get(0);
      assertOpensTo(exchange, secondTransfer, "second.txt", second);
      for (String other : List.of("caisi", "cisa", "doe-labs")) {
        assertEquals(2, exchange.transfers(other).size(), other + " got both, once");
      }
    } finally {
      server.close();
    }
  }

  /**
   * A stop while a delivery waits for the agency, then a start: the upload (which may still be in
   * the drop box) is delivered once to everyone, not re-ingested as a new item.
   */
  @Test
  void aRestartOfPrexWhileTheAgencyIsDown_stillDeliversOnce(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    AgencySftpServer server = a.serve(d, "");
    int port = server.port();
    server.close();
    RunningExchange exchange = RunningExchange.start(root, d, null);
    try {
      exchange.uploadEvaluation();
      Await.until(
          "the others delivered, nsa retrying",
          Duration.ofSeconds(60),
          () ->
              Events.count(d, EventType.DELIVERED, null) == 3
                  && Events.count(d, EventType.DELIVERY_RETRY, AGENCY) >= 1);
    } finally {
      exchange.close();
    }
    long retriesBefore = Events.count(d, EventType.DELIVERY_RETRY, AGENCY);
    exchange = RunningExchange.start(root, d, null);
    try {
      Await.until(
          "nsa retried after the restart of prex",
          Duration.ofSeconds(60),
          () -> Events.count(d, EventType.DELIVERY_RETRY, AGENCY) > retriesBefore);
      server = a.restart(port);
      Await.until(
          "the package arrives at nsa once it is back",
          Duration.ofSeconds(90),
          () -> Events.count(d, EventType.DELIVERED, AGENCY) >= 1);
      // time for a duplicate delivery to arrive; none may
      Thread.sleep(3000);
      assertEquals(1, a.transfers().size(), "exactly once: " + a.list());
      assertEquals(1, Events.count(d, EventType.DELIVERED, AGENCY));
      for (String other : List.of("caisi", "cisa", "doe-labs")) {
        assertEquals(1, exchange.transfers(other).size(), other + " got it once");
      }
    } finally {
      exchange.close();
      server.close();
    }
  }

  @Test
  void aWrongHostKey_getsNothing_andTheLogSaysHostKeyMismatch(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    AgencySftpServer impostor = a.start(0);
    // the known_hosts file holds another server's key for this host and port
    SftpAgency genuine = SftpAgency.under(root.resolve("genuine"));
    try (AgencySftpServer other = genuine.start(0)) {
      Files.writeString(
          a.knownHosts(),
          other.knownHostsLine().replace(":" + other.port() + " ", ":" + impostor.port() + " ")
              + "\n");
    }
    a.deliverTo(d, impostor.port());
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.uploadEvaluation();
      Await.until(
          "the others delivered, nsa refused for its host key",
          Duration.ofSeconds(60),
          () ->
              Events.count(d, EventType.DELIVERED, null) == 3
                  && Events.count(d, EventType.DELIVERY_RETRY, AGENCY) >= 1);
      AuditEvent retry = Events.first(d, EventType.DELIVERY_RETRY);
      assertTrue(retry.reason().contains("host key mismatch"), retry.reason());
      assertTrue(retry.reason().contains(AGENCY), retry.reason());
      assertEquals(List.of(), names(a.files()), "nothing was sent to the impostor");
    } finally {
      impostor.close();
    }
  }

  @Test
  void serve_refusesAnSftpTargetWithoutItsKeyFiles(@TempDir Path root) throws Exception {
    RunningExchange.Setup setup =
        RunningExchange.setUp(root)
            .deliver(
                "nsa",
                "sftp://nsa-drop@127.0.0.1:2200/in?privateKeyFile=no-key"
                    + "&knownHostsFile=no-known-hosts");
    Deployment d = setup.deployment;
    org.prex.serve.StartupException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.prex.serve.StartupException.class, () -> setup.start());
    String problems = String.join("\n", e.problems());
    assertTrue(problems.contains("agency nsa: privateKeyFile"), problems);
    assertTrue(problems.contains("agency nsa: knownHostsFile"), problems);
  }

  private static void assertOpensTo(
      RunningExchange exchange, Path transfer, String name, byte[] expected) throws Exception {
    PublicCert signer =
        PublicCert.read(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
    DecryptionKey key = DecryptionKey.read(exchange.agencySecret(AGENCY), new char[0]);
    OpenedPackage p = OpenedPackage.open(transfer, key, signer);
    assertEquals(transfer.getFileName().toString(), p.manifest().get("transfer").asText());
    assertArrayEquals(expected, p.itemsByName().get(name));
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
