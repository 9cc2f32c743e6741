package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.review.document.Ack;
import org.prex.review.document.SignedDocument;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.CompressionBomb;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * {@code prex receive} on real packages made by a running exchange: a good transfer opens byte for
 * byte under its original path; a flipped byte, an item file swapped in from another transfer, a
 * missing or extra item file, a manifest from another transfer, the wrong signer certificate or the
 * wrong agency key each fail with exit 1 and one clear line, and write nothing to {@code --out}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiveEndToEndTest {
  @TempDir static Path root;
  RunningExchange exchange;
  final Map<String, byte[]> uploads = new LinkedHashMap<>();

  @BeforeAll
  void uploadAndWait() throws Exception {
    exchange = RunningExchange.start(root);
    byte[] binary = new byte[200_000];
    new Random(7).nextBytes(binary);
    uploads.put("weights.bin", binary);
    uploads.put(
        "model-card.md",
        "# Model card\n\nSomething to read.\n".repeat(40).getBytes(StandardCharsets.UTF_8));
    try (SftpClient lab = exchange.connect("acme-ai")) {
      for (Map.Entry<String, byte[]> e : uploads.entrySet()) {
        lab.put("/inbox/" + e.getKey(), e.getValue());
      }
    }
    Await.until(
        "both uploads delivered",
        Duration.ofSeconds(60),
        () -> {
          try (AuditLog log = AuditLog.openReadOnly(exchange.deployment.data())) {
            return log.list(AuditQuery.all()).stream()
                    .filter(e -> e.type() == EventType.DELIVERED)
                    .count()
                == 2L * RunningExchange.ELIGIBLE.size();
          }
        });
  }

  @AfterAll
  void stop() {
    if (exchange != null) {
      exchange.close();
    }
  }

  Path signer() {
    return exchange.deployment.keys().resolve("exchange/signing.pub.asc");
  }

  Run receive(Path key, Path signer, Path in, Path out) {
    return Cli.receive(key, signer, in, out);
  }

  /** A copy of a caisi transfer that a test may damage. */
  Path copyOfTransfer(int index, Path tmp) throws IOException {
    Path from = exchange.transfers("caisi").get(index);
    Path to = tmp.resolve("in").resolve(from.getFileName());
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  static Path itemFile(Path transfer) throws IOException {
    try (Stream<Path> files = Files.list(transfer)) {
      return files
          .filter(f -> !f.getFileName().toString().equals("manifest.json.pgp"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** caisi's key and the exchange's certificate refuse this transfer, writing nothing. */
  void assertCaisiRefuses(Path transfer, Path tmp, String expected) throws IOException {
    Path out = tmp.resolve("out");
    assertRefused(receive(exchange.agencySecret("caisi"), signer(), transfer, out), out, expected);
  }

  void assertRefused(Run r, Path out, String expected) throws IOException {
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals("", r.out());
    if (Files.exists(out)) {
      try (Stream<Path> s = Files.list(out)) {
        assertEquals(List.of(), s.toList(), "--out stays empty");
      }
    }
  }

  @Test
  void aGoodTransfer_opensByteForByte_underItsOriginalPath(@TempDir Path tmp) throws Exception {
    Map<String, byte[]> received = new LinkedHashMap<>();
    for (Path transfer : exchange.transfers("caisi")) {
      Path out = tmp.resolve(transfer.getFileName().toString());
      Run r = receive(exchange.agencySecret("caisi"), signer(), transfer, out);
      assertEquals(0, r.code(), r.err());
      List<Path> files = Trees.files(out);
      assertEquals(1, files.size(), "only the item, no leftovers: " + files);
      String name = files.get(0).getFileName().toString();
      byte[] bytes = Files.readAllBytes(files.get(0));
      received.put(name, bytes);
      assertEquals(name + "  " + bytes.length + "  CUI//SP-PROPIN", r.out().strip());
    }
    assertEquals(uploads.keySet(), received.keySet());
    for (Map.Entry<String, byte[]> e : uploads.entrySet()) {
      assertArrayEquals(e.getValue(), received.get(e.getKey()), e.getKey());
    }
  }

  @Test
  void receiveAck_onARealPackage_acknowledgesItsTransferAndItems(@TempDir Path tmp)
      throws Exception {
    Path transfer = exchange.transfers("caisi").get(0);
    Path ack = tmp.resolve("ack.asc");
    Run r =
        Cli.prex(
            "receive",
            "--key",
            exchange.agencySecret("caisi").toString(),
            "--signer",
            signer().toString(),
            "--in",
            transfer.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--ack",
            ack.toString());
    assertEquals(0, r.code(), r.err());
    SignedDocument.Verified v =
        SignedDocument.verify(
            Files.readString(ack),
            PublicCert.read(exchange.deployment.keys().resolve("agencies/caisi.asc")));
    Ack a = Ack.parse(v.json());
    assertEquals(transfer.getFileName().toString(), a.transfer());
    assertEquals("caisi", a.agency());
    assertEquals(1, a.items().size());
    byte[] received = Files.readAllBytes(Trees.files(tmp.resolve("out")).get(0));
    assertEquals(
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(received)),
        a.items().get(0).sha256());
    assertEquals(a.items().get(0).item() + ".pgp", itemFile(transfer).getFileName().toString());
  }

  @Test
  void aFlippedByteInAnItem_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Path item = itemFile(transfer);
    byte[] bytes = Files.readAllBytes(item);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(item, bytes);
    assertCaisiRefuses(transfer, tmp, "item i-");
  }

  @Test
  void anItemSwappedInFromAnotherTransfer_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Path other = itemFile(exchange.transfers("caisi").get(1));
    Files.copy(other, itemFile(transfer), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertCaisiRefuses(transfer, tmp, "damaged or swapped item file");
  }

  @Test
  void aMissingItem_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Files.delete(itemFile(transfer));
    assertCaisiRefuses(transfer, tmp, "missing item file");
  }

  @Test
  void anExtraFile_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Files.copy(
        itemFile(exchange.transfers("caisi").get(1)),
        transfer.resolve(itemFile(exchange.transfers("caisi").get(1)).getFileName()));
    assertCaisiRefuses(transfer, tmp, "unexpected file(s) not in the manifest");
  }

  @Test
  void aManifestFromAnotherTransfer_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Files.copy(
        exchange.transfers("caisi").get(1).resolve("manifest.json.pgp"),
        transfer.resolve("manifest.json.pgp"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertCaisiRefuses(transfer, tmp, "not for this folder");
  }

  @Test
  void theWrongSignerCertificate_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = exchange.transfers("caisi").get(0);
    Path wrongSigner = exchange.deployment.keys().resolve("agencies/cisa.asc");
    Path out = tmp.resolve("out");
    assertRefused(
        receive(exchange.agencySecret("caisi"), wrongSigner, transfer, out),
        out,
        "not by the expected signer");
  }

  @Test
  void theWrongAgencyKey_isRefused(@TempDir Path tmp) throws Exception {
    Path transfer = exchange.transfers("caisi").get(0);
    Path out = tmp.resolve("out");
    assertRefused(
        receive(exchange.agencySecret("cisa"), signer(), transfer, out), out, "not encrypted to");
  }

  @Test
  void aMissingKeyFile_isOneClearLine(@TempDir Path tmp) throws Exception {
    Path transfer = exchange.transfers("caisi").get(0);
    Path out = tmp.resolve("out");
    assertRefused(receive(tmp.resolve("nope.asc"), signer(), transfer, out), out, "agency key");
  }

  @Test
  void aCompressionBombSignedByTheExchange_isRefused_writingNextToNothing(@TempDir Path tmp)
      throws Exception {
    Path transfer = copyOfTransfer(0, tmp);
    Path item = itemFile(transfer);
    long inflated = 300L << 20;
    CompressionBomb.write(
        item,
        exchange.deployment.keys().resolve("exchange/signing.asc"),
        exchange.deployment.keys().resolve("agencies/caisi.asc"),
        inflated,
        "weights.bin");
    long bombSize = Files.size(item);
    assertTrue(bombSize < 64 << 10, "a small file: " + bombSize);
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    long[] peak = {0};
    Thread watcher =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], bytesUnder(out));
              }
            });
    watcher.start();
    long started = System.nanoTime();
    Run r;
    try {
      r = receive(exchange.agencySecret("caisi"), signer(), transfer, out);
    } finally {
      watcher.interrupt();
      watcher.join();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertRefused(r, out, "compressed data");
    assertTrue(peak[0] < 1 << 20, "at most 1 MiB ever written to --out, saw " + peak[0]);
    assertTrue(millis < 10_000, "refused without inflating: " + millis + " ms");
    System.out.printf(
        "compression bomb: %d-byte item (inflating to %d MiB) refused in %d ms, peak %d bytes"
            + " written%n",
        bombSize, inflated >> 20, millis, peak[0]);
  }

  @Test
  void aPackageReEncryptedToAnotherAgency_isRefused(@TempDir Path tmp) throws Exception {
    // cisa takes what the exchange signed for caisi and seals it, signatures intact, to itself:
    // here the exchange's own key re-seals caisi's manifest and item to cisa's certificate
    Path original = exchange.transfers("caisi").get(0);
    Path forged = tmp.resolve("in").resolve(original.getFileName());
    Files.createDirectories(forged);
    DecryptionKey caisi = DecryptionKey.read(exchange.agencySecret("caisi"), new char[0]);
    PublicCert exchangeCert = PublicCert.read(signer());
    PublicCert cisa = PublicCert.read(exchange.deployment.keys().resolve("agencies/cisa.asc"));
    Sealer sealer =
        new Sealer(
            SigningKey.read(
                exchange.deployment.keys().resolve("exchange/signing.asc"), new char[0]));
    try (Stream<Path> files = Files.list(original)) {
      for (Path f : files.toList()) {
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        try (var in = Files.newInputStream(f)) {
          Opener.open(in, caisi, exchangeCert, plain);
        }
        try (var sealed =
            sealer.seal(
                Files.newOutputStream(forged.resolve(f.getFileName())),
                cisa,
                SealFormat.AUTO,
                f.getFileName().toString().replace(".pgp", ""))) {
          sealed.write(plain.toByteArray());
        }
      }
    }
    Path out = tmp.resolve("out");
    Run r = receive(exchange.agencySecret("cisa"), signer(), forged, out);
    assertRefused(r, out, "re-encrypted to another agency");
    assertTrue(r.err().contains("is for agency caisi"), r.err());
  }

  private static long bytesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }
}
