package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import com.fasterxml.jackson.databind.JsonNode;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.item.Sha256;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.testing.Await;
import org.prex.testing.Cli.Run;
import org.prex.testing.OpenedPackage;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * The foundation path, on real parts: a lab uploads loose files over SFTP to the embedded drop box;
 * every eligible agency gets one package per file that opens, with its own key only, to exactly the
 * uploaded bytes, signed by the exchange; nothing plaintext remains outside staging; the log tells
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LooseFileEndToEndTest {
  @TempDir static Path root;
  RunningExchange exchange;
  final Map<String, byte[]> uploads = new LinkedHashMap<>();
  static final byte[] OTHER_LAB_FILE =
      "other lab's own file, UNIQUE-PLAINTEXT-MARKER-0b2e\n"
          .repeat(10)
          .getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  void uploadAndWait() throws Exception {
    exchange = RunningExchange.start(root);
    Random random = new Random(42);
    byte[] binary = new byte[3 * 1024 * 1024 + 17];
    random.nextBytes(binary);
    uploads.put(
        "model-card.md",
        "# Aurora 2 model card\n\nUNIQUE-PLAINTEXT-MARKER-7f3a Aurora is a test model.\n"
            .repeat(50)
            .getBytes(StandardCharsets.UTF_8));
    uploads.put("weights shard 01.bin", binary);
    uploads.put(
        "évaluation — résultats ü.txt",
        "Ergebnisse der Bewertung: UNIQUE-PLAINTEXT-MARKER-9c1d\n"
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8));
    uploads.put("empty.txt", new byte[0]);
    try (SftpClient lab = exchange.connect("acme-ai")) {
      for (Map.Entry<String, byte[]> e : uploads.entrySet()) {
        lab.put("/inbox/" + e.getKey(), e.getValue());
      }
    }
    exchange.upload("other-lab", "/inbox/held.txt", OTHER_LAB_FILE);
    Await.until(
        "every upload delivered or rejected",
        Duration.ofSeconds(60),
        () ->
            count(EventType.DELIVERED) == 4 * RunningExchange.ELIGIBLE.size()
                && count(EventType.REJECTED) == 1);
    Await.until(
        "staging emptied",
        Duration.ofSeconds(10),
        () -> Trees.files(exchange.deployment.staging()).isEmpty());
  }

  @AfterAll
  void stop() {
    if (exchange != null) {
      exchange.close();
    }
  }

  @Test
  void everyEligibleAgency_opensEachItemToTheExactBytes_signedByTheExchange() throws Exception {
    PublicCert signer =
        PublicCert.read(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
    for (String agency : RunningExchange.ELIGIBLE) {
      DecryptionKey key = DecryptionKey.read(exchange.agencySecret(agency), new char[0]);
      List<Path> transfers = exchange.transfers(agency);
      assertEquals(4, transfers.size(), agency + " gets one transfer per non-empty loose file");
      Map<String, byte[]> received = new LinkedHashMap<>();
      for (Path t : transfers) {
        OpenedPackage p = OpenedPackage.open(t, key, signer);
        assertEquals("prex-package/1", p.manifest().get("format").asText());
        assertEquals(t.getFileName().toString(), p.manifest().get("transfer").asText());
        JsonNode item = p.manifest().get("items").get(0);
        byte[] bytes = p.itemsByName().get(item.get("path").asText());
        assertEquals(item.get("sha256").asText(), sha256(bytes), "manifest sha256 of " + item);
        assertEquals(bytes.length, item.get("size").asLong());
        assertEquals("CUI//SP-PROPIN", item.get("designation").asText());
        String checkpoint =
            org.prex.seal.ClearSigner.verify(p.manifest().get("checkpoint").asText(), signer);
        assertTrue(
            org.prex.audit.verify.Checkpoint.parse(checkpoint).size() > 0,
            "the manifest carries a signed checkpoint of the log");
        received.putAll(p.itemsByName());
      }
      for (Map.Entry<String, byte[]> e : uploads.entrySet()) {
        if (e.getValue().length > 0) {
          assertArrayEquals(e.getValue(), received.get(e.getKey()), agency + ": " + e.getKey());
        }
      }
    }
  }

  @Test
  void theLogVerifiesAndACheckpointCoversEveryHandledItem() {
    try (org.prex.audit.AuditLog log =
        org.prex.audit.AuditLog.openReadOnly(exchange.deployment.data())) {
      org.prex.audit.LogCheck check = log.verify();
      assertTrue(check.intact(), check.problem());
      assertTrue(log.latestCheckpoint().isPresent(), "a checkpoint after the handled items");
    }
  }

  @Test
  void anAgencyKey_cannotOpenAnotherAgencysPackage() throws Exception {
    PublicCert signer =
        PublicCert.read(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
    DecryptionKey cisa = DecryptionKey.read(exchange.agencySecret("cisa"), new char[0]);
    Path caisiTransfer = exchange.transfers("caisi").get(0);
    assertThrows(Exception.class, () -> OpenedPackage.open(caisiTransfer, cisa, signer));
  }

  @Test
  void agencyTheDesignationIsNotReleasableTo_getsNothing() {
    assertEquals(List.of(), exchange.transfers("uk-aisi"));
  }

  @Test
  void noOutputFile_equalsOrContainsAnyInput() throws Exception {
    List<Path> outputs;
    try (Stream<Path> s = Files.walk(exchange.deployment.data())) {
      outputs =
          s.filter(Files::isRegularFile)
              .filter(
                  p ->
                      p.startsWith(exchange.deployment.outbox())
                          || p.startsWith(exchange.deployment.quarantine()))
              .toList();
    }
    assertFalse(outputs.isEmpty());
    for (Path out : outputs) {
      byte[] bytes = Files.readAllBytes(out);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      for (Map.Entry<String, byte[]> in : uploads.entrySet()) {
        if (in.getValue().length == 0) {
          continue;
        }
        assertFalse(java.util.Arrays.equals(bytes, in.getValue()), out + " equals " + in.getKey());
        String probe =
            new String(
                in.getValue(), 0, Math.min(64, in.getValue().length), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(probe), out + " contains the start of " + in.getKey());
      }
      assertFalse(text.contains("UNIQUE-PLAINTEXT-MARKER"), out + " holds plaintext");
    }
  }

  @Test
  void outboxPaths_nameNoLabModelOrFile() throws Exception {
    try (Stream<Path> s = Files.walk(exchange.deployment.outbox())) {
      for (Path p : s.toList()) {
        String rel = exchange.deployment.outbox().relativize(p).toString();
        assertFalse(rel.contains("acme"), rel);
        assertFalse(
            rel.contains("model") || rel.contains("weights") || rel.contains("valuation"), rel);
        assertTrue(
            rel.isEmpty()
                || rel.matches(
                    "[a-z-]+(/t-[a-z2-7]{26}(/(manifest\\.json|i-[a-z2-7]{26})\\.pgp)?)?"),
            rel);
      }
    }
  }

  @Test
  void dropBoxAndStaging_areEmptyOnceHandled() throws Exception {
    assertEquals(
        List.of(), Trees.files(exchange.deployment.staging()), "no plaintext left in staging");
    try (SftpClient lab = exchange.connect("acme-ai")) {
      assertEquals(List.of(), lab.ls("/inbox"));
    }
  }

  @Test
  void theLog_recordsEveryStepOfEveryItem_withItsSha256() {
    List<AuditEvent> events = events().stream().filter(e -> "acme-ai".equals(e.lab())).toList();
    Map<String, String> shaByItem = new LinkedHashMap<>();
    for (AuditEvent e : events) {
      if (e.type() == EventType.STAGED) {
        shaByItem.put(e.item(), e.sha256Plain());
      }
    }
    assertEquals(4, shaByItem.size());
    for (byte[] upload : uploads.values()) {
      assertTrue(
          shaByItem.containsValue(sha256(upload)), "a STAGED event carries " + sha256(upload));
    }
    for (String item : shaByItem.keySet()) {
      List<EventType> types =
          events.stream().filter(e -> item.equals(e.item())).map(AuditEvent::type).toList();
      if (types.contains(EventType.REJECTED)) {
        // classified and designated first, so that a spill in a refused upload is still held
        assertEquals(
            List.of(
                EventType.RECEIVED,
                EventType.STAGED,
                EventType.CLASSIFIED,
                EventType.DESIGNATED,
                EventType.REJECTED),
            types);
        continue;
      }
      assertEquals(EventType.RECEIVED, types.get(0));
      for (EventType t : List.of(EventType.CLASSIFIED, EventType.DESIGNATED)) {
        assertEquals(1, types.stream().filter(t::equals).count(), item + " " + t);
      }
      for (EventType t : List.of(EventType.ROUTED, EventType.SEALED, EventType.DELIVERED)) {
        assertEquals(
            RunningExchange.ELIGIBLE.size(),
            types.stream().filter(t::equals).count(),
            item + " " + t);
      }
    }
    AuditEvent rejected =
        events.stream().filter(e -> e.type() == EventType.REJECTED).findFirst().orElseThrow();
    assertTrue(rejected.reason().contains("empty"), rejected.reason());
  }

  @Test
  void auditListCsv_worksWhileServeRuns_andShowsTheSha256s() {
    Run listed =
        prex("audit", "list", "--data", exchange.deployment.data().toString(), "--format", "csv");
    assertEquals(0, listed.code(), listed.err());
    for (byte[] upload : uploads.values()) {
      assertTrue(listed.out().contains(sha256(upload)), "csv lists " + sha256(upload));
    }
    assertFalse(listed.out().contains("UNIQUE-PLAINTEXT-MARKER"));
  }

  @Test
  void aLab_cannotReadAnotherLabsInbox() throws Exception {
    try (SftpClient acme = exchange.connect("acme-ai")) {
      assertThrows(SftpException.class, () -> acme.ls("/../other-lab/inbox"));
      assertThrows(
          SftpException.class,
          () -> acme.channel().get("/../other-lab/inbox/held.txt", new ByteArrayOutputStream()));
      assertThrows(SftpException.class, () -> acme.ls("/"));
    }
  }

  @Test
  void aLoginWithAnUnknownKey_isRefused(@TempDir Path tmp) throws Exception {
    Path stranger = tmp.resolve("stranger");
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor());
    assertThrows(
        com.jcraft.jsch.JSchException.class,
        () ->
            SftpClient.connect("acme-ai", exchange.server.sftpPort(), stranger, exchange.knownHosts)
                .close());
  }

  private long count(EventType type) {
    return events().stream().filter(e -> e.type() == type).count();
  }

  private List<AuditEvent> events() {
    try (AuditLog log = AuditLog.openReadOnly(exchange.deployment.data())) {
      return log.list(AuditQuery.all());
    }
  }

  static String sha256(byte[] bytes) {
    var d = Sha256.newDigest();
    d.update(bytes);
    return HexFormat.of().formatHex(d.digest());
  }
}
