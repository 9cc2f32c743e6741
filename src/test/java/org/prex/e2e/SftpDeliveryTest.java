package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Await;
import org.prex.testing.OpenedPackage;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * Delivery to an agency's own SFTP server (policy {@code deliver: sftp://…}), against a real MINA
 * SSHD server acting as the agency: packages arrive whole and once; while it is down the others
 * still get theirs and the log says DELIVERY_RETRY, and it arrives once when the agency is back; a
 * host key that is not the one in the known_hosts file gets nothing.
 */
class SftpDeliveryTest {
  static final String AGENCY = "nsa";
  static final String USER = "nsa-drop";

  record Agency(Path files, Path hostKey, IngestAccount client, Path knownHosts) {
    AgencySftpServer start(int port) throws IOException {
      return AgencySftpServer.start(files, hostKey, USER, client.publicKey(), port);
    }

    AgencySftpServer startHanging(int port) throws IOException {
      return AgencySftpServer.startHanging(files, hostKey, USER, client.publicKey(), port);
    }
  }

  static Agency agency(Path root) throws IOException {
    Path dir = root.resolve("agency-side");
    return new Agency(
        dir.resolve("files"),
        dir.resolve("host_key"),
        IngestAccount.create(root.resolve("prex-side"), root.resolve("prex-side/known_hosts")),
        root.resolve("prex-side/known_hosts"));
  }

  /** Points the policy's nsa delivery at the agency's SFTP server. */
  static void deliverBySftp(Deployment d, Agency a, int port) throws IOException {
    deliverBySftp(d, a, port, "");
  }

  /** As above, with more URI options ({@code "&readTimeout=2000"}). */
  static void deliverBySftp(Deployment d, Agency a, int port, String options) throws IOException {
    Path policy = d.policyFile();
    String uri =
        "sftp://"
            + USER
            + "@127.0.0.1:"
            + port
            + "/outbox?privateKeyFile="
            + a.client().privateKeyFile()
            + "&knownHostsFile="
            + a.knownHosts()
            + options;
    String text = Files.readString(policy);
    String changed = text.replace("deliver: file:outbox/nsa", "deliver: " + uri);
    assertTrue(!changed.equals(text), "policy has nsa's file: delivery to replace");
    Files.writeString(policy, changed);
  }

  @Test
  void packagesArriveWholeAndOnce_andAfterTheAgencyWasDown(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Agency a = agency(root);
    AgencySftpServer server = a.start(0);
    int port = server.port();
    Files.writeString(a.knownHosts(), server.knownHostsLine() + "\n");
    deliverBySftp(d, a, port);
    byte[] first = "first evaluation\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] second = "second evaluation\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/first.txt", first);
      }
      Await.until(
          "first delivered to all four",
          Duration.ofSeconds(60),
          () -> count(d, EventType.DELIVERED, null) == 4);
      List<Path> delivered = transfers(a);
      assertEquals(1, delivered.size(), "one package at the agency: " + list(a));
      assertOpensTo(exchange, delivered.get(0), "first.txt", first);

      server.close();
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/second.txt", second);
      }
      Await.until(
          "the others got the second, nsa retrying",
          Duration.ofSeconds(60),
          () ->
              count(d, EventType.DELIVERED, null) == 7
                  && count(d, EventType.DELIVERY_RETRY, AGENCY) >= 2);
      assertEquals(1, transfers(a).size(), "nothing new while down");
      server = a.start(port);
      Await.until(
          "the second arrives at nsa once it is back (same port, same host key)",
          Duration.ofSeconds(90),
          () -> count(d, EventType.DELIVERED, AGENCY) == 2);
      Thread.sleep(1500);
      List<Path> now = transfers(a);
      assertEquals(2, now.size(), "both packages, once each: " + list(a));
      assertEquals(List.of("outbox"), names(a.files()), "nothing else at the agency");
      assertEquals(2, count(d, EventType.DELIVERED, AGENCY), "delivered exactly once each");
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
    Agency a = agency(root);
    AgencySftpServer server = a.start(0);
    int port = server.port();
    Files.writeString(a.knownHosts(), server.knownHostsLine() + "\n");
    deliverBySftp(d, a, port);
    server.close();
    RunningExchange exchange = RunningExchange.start(root, d, null);
    try {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/eval.txt", "evaluation\n".getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the others delivered, nsa retrying",
          Duration.ofSeconds(60),
          () ->
              count(d, EventType.DELIVERED, null) == 3
                  && count(d, EventType.DELIVERY_RETRY, AGENCY) >= 1);
    } finally {
      exchange.close();
    }
    long retriesBefore = count(d, EventType.DELIVERY_RETRY, AGENCY);
    exchange = RunningExchange.start(root, d, null);
    try {
      Await.until(
          "nsa retried after the restart of prex",
          Duration.ofSeconds(60),
          () -> count(d, EventType.DELIVERY_RETRY, AGENCY) > retriesBefore);
      server = a.start(port);
      Await.until(
          "the package arrives at nsa once it is back",
          Duration.ofSeconds(90),
          () -> count(d, EventType.DELIVERED, AGENCY) >= 1);
      Thread.sleep(3000);
      assertEquals(1, transfers(a).size(), "exactly once: " + list(a));
      assertEquals(1, count(d, EventType.DELIVERED, AGENCY));
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
    Agency a = agency(root);
    AgencySftpServer impostor = a.start(0);
    // the known_hosts file holds another server's key for this host and port
    Agency genuine = agency(root.resolve("genuine"));
    try (AgencySftpServer other = genuine.start(0)) {
      Files.writeString(
          a.knownHosts(),
          other.knownHostsLine().replace(":" + other.port() + " ", ":" + impostor.port() + " ")
              + "\n");
    }
    deliverBySftp(d, a, impostor.port());
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/eval.txt", "evaluation\n".getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the others delivered, nsa refused for its host key",
          Duration.ofSeconds(60),
          () ->
              count(d, EventType.DELIVERED, null) == 3
                  && count(d, EventType.DELIVERY_RETRY, AGENCY) >= 1);
      AuditEvent retry =
          events(d).stream()
              .filter(e -> e.type() == EventType.DELIVERY_RETRY)
              .findFirst()
              .orElseThrow();
      assertTrue(retry.reason().contains("host key mismatch"), retry.reason());
      assertTrue(retry.reason().contains(AGENCY), retry.reason());
      assertEquals(List.of(), names(a.files()), "nothing was sent to the impostor");
    } finally {
      impostor.close();
    }
  }

  @Test
  void serve_refusesAnSftpTargetWithoutItsKeyFiles(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Files.writeString(
        d.policyFile(),
        Files.readString(d.policyFile())
            .replace(
                "deliver: file:outbox/nsa",
                "deliver: sftp://nsa-drop@127.0.0.1:2200/in?privateKeyFile=no-key"
                    + "&knownHostsFile=no-known-hosts"));
    org.prex.serve.StartupException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.prex.serve.StartupException.class, () -> RunningExchange.start(root, d, null));
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

  static List<Path> transfers(Agency a) throws IOException {
    Path outbox = a.files().resolve("outbox");
    try (Stream<Path> s = Files.list(outbox)) {
      List<Path> all = s.sorted().toList();
      for (Path p : all) {
        assertTrue(p.getFileName().toString().startsWith("t-"), "no partial left: " + p);
      }
      return all;
    }
  }

  private static String list(Agency a) throws IOException {
    try (Stream<Path> s = Files.walk(a.files())) {
      return s.map(Path::toString).toList().toString();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<AuditEvent> events(Deployment d) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  static long count(Deployment d, EventType type, String agency) {
    return events(d).stream()
        .filter(e -> e.type() == type)
        .filter(e -> agency == null || agency.equals(e.agency()))
        .count();
  }
}
