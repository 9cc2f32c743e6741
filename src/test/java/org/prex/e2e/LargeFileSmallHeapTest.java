package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.item.Sha256;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.testing.Await;
import org.prex.testing.ForkedServe;
import org.prex.testing.GeneratedStream;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * Streaming, shown end to end: {@code prex serve} runs in its own JVM with a 128 MiB heap and takes
 * a 1 GiB upload (eight times its heap) through staging, sealing for four agencies and delivery.
 * Anything that held the file in memory would fail here with OutOfMemoryError.
 */
class LargeFileSmallHeapTest {
  static final long SIZE = 1L << 30;

  @Test
  void aFileEightTimesTheHeap_passesWholeToEveryAgency(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    int port = ForkedServe.freePort();
    Path log = root.resolve("serve.log");
    Process serve =
        new ProcessBuilder(
                ForkedServe.serveCommand(d, port, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Await.until(
          "serve ready",
          Duration.ofSeconds(60),
          () -> readable(log).contains("prex ready") || !serve.isAlive());
      assertTrue(serve.isAlive(), "serve died at start:\n" + readable(log));
      Path knownHosts = d.dropBoxKnownHosts();
      String sent;
      try (SftpClient lab =
          SftpClient.connect("acme-ai", port, d.keys().resolve("labs/acme-ai"), knownHosts)) {
        MessageDigest digest = Sha256.newDigest();
        lab.put("/inbox/aurora-2.safetensors", new DigestInputStream(safetensors(), digest));
        sent = Sha256.hex(digest);
      }
      Await.until(
          "delivery of 1 GiB to every eligible agency",
          Duration.ofMinutes(5),
          () -> !serve.isAlive() || delivered(d) == RunningExchange.ELIGIBLE.size());
      assertTrue(serve.isAlive(), "serve died:\n" + readable(log));

      PublicCert signer = PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"));
      for (String agency : RunningExchange.ELIGIBLE) {
        Path transfer;
        try (var s = Files.list(d.data().resolve("outbox").resolve(agency))) {
          List<Path> all = s.toList();
          assertEquals(1, all.size(), agency);
          transfer = all.get(0);
        }
        Path item;
        try (var s = Files.list(transfer)) {
          item =
              s.filter(p -> !p.getFileName().toString().startsWith("manifest"))
                  .findFirst()
                  .orElseThrow();
        }
        assertTrue(Files.size(item) > SIZE, "ciphertext is at least as long as the plaintext");
        DecryptionKey key =
            DecryptionKey.read(d.keys().resolve("agencies/" + agency + ".secret.asc"), new char[0]);
        MessageDigest got = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(item);
            OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), got)) {
          Opener.open(in, key, signer, out);
        }
        assertEquals(sent, Sha256.hex(got), agency + " opens exactly the 1 GiB uploaded");
      }
    } finally {
      serve.destroy();
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops on SIGTERM");
    }
    assertEquals(List.of(), Trees.files(d.staging()), "no plaintext left in staging");
  }

  /**
   * A safetensors file of SIZE bytes, as a model tool writes it: a JSON header, then one U8 tensor
   * of pseudo-random bytes. prex reads its header, not its payload (docs/inspection.md).
   */
  static InputStream safetensors() {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"U8\",\"shape\":[%d],\"data_offsets\":[0,%d]}}";
    // the header's own length changes the payload's: pad it to a fixed 128 bytes
    long payload = SIZE - 8 - 128;
    String h = String.format(header, payload, payload);
    h = h + " ".repeat(128 - h.length());
    byte[] len =
        java.nio.ByteBuffer.allocate(8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(128)
            .array();
    return new java.io.SequenceInputStream(
        new java.io.ByteArrayInputStream(
            (new String(len, java.nio.charset.StandardCharsets.ISO_8859_1) + h)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        new GeneratedStream(payload));
  }

  private static long delivered(Deployment d) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all()).stream()
          .filter(e -> e.type() == EventType.DELIVERED)
          .count();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static String readable(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
