package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;

class SealerTest {
  @TempDir static Path dir;
  static SigningKey exchange;
  static PublicCert exchangeCert;
  static final List<PublicCert> certs = new ArrayList<>();
  static final List<DecryptionKey> keys = new ArrayList<>();
  static byte[] plaintext;

  @BeforeAll
  static void keys() throws Exception {
    KeyGenerator.GeneratedKey signing = KeyGenerator.generate("exchange", Instant.now(), null);
    Files.writeString(dir.resolve("signing.asc"), signing.armoredSecret());
    exchange = SigningKey.read(dir.resolve("signing.asc"), new char[0]);
    exchangeCert =
        PublicCert.parse(signing.armoredPublic().getBytes(StandardCharsets.US_ASCII), "x");
    for (int i = 0; i < 3; i++) {
      KeyGenerator.GeneratedKey k = KeyGenerator.generate("agency " + i, Instant.now(), null);
      Path secret = dir.resolve("agency" + i + ".secret.asc");
      Files.writeString(secret, k.armoredSecret());
      certs.add(k.cert());
      keys.add(DecryptionKey.read(secret, new char[0]));
    }
    plaintext = new byte[(1 << 20) + 12345];
    new Random(1).nextBytes(plaintext);
    byte[] marker = "PLAINTEXT-MARKER-4b1c".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, plaintext, 1000, marker.length);
  }

  static List<byte[]> sealToAll(SealFormat format) throws Exception {
    List<ByteArrayOutputStream> sinks = new ArrayList<>();
    List<Sealer.Recipient> recipients = new ArrayList<>();
    for (PublicCert c : certs) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      sinks.add(sink);
      recipients.add(new Sealer.Recipient(c, format, sink));
    }
    try (OutputStream out = new Sealer(exchange).seal(recipients, "weights.bin", Instant.now())) {
      out.write(plaintext);
    }
    return sinks.stream().map(ByteArrayOutputStream::toByteArray).toList();
  }

  static byte[] open(byte[] message, DecryptionKey key, PublicCert signer) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opener.Opened o = Opener.open(new ByteArrayInputStream(message), key, signer, out);
    assertEquals("weights.bin", o.fileName());
    return out.toByteArray();
  }

  @Test
  void onePassToThreeRecipients_eachOpensWithItsOwnKeyOnly_toTheExactBytes() throws Exception {
    List<byte[]> messages = sealToAll(SealFormat.AUTO);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(plaintext, open(messages.get(i), keys.get(i), exchangeCert));
      int other = (i + 1) % 3;
      byte[] m = messages.get(i);
      SealException e =
          assertThrows(SealException.class, () -> open(m, keys.get(other), exchangeCert));
      assertTrue(e.getMessage().contains("not encrypted to key"), e.getMessage());
      assertFalse(new String(m, StandardCharsets.ISO_8859_1).contains("PLAINTEXT-MARKER"));
    }
  }

  @Test
  void seipdV2_roundTrips_andIsReportedAsSuch() throws Exception {
    byte[] m = sealToAll(SealFormat.SEIPD_V2).get(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opener.Opened o = Opener.open(new ByteArrayInputStream(m), keys.get(0), exchangeCert, out);
    assertEquals(SealFormat.SEIPD_V2, o.format());
    assertArrayEquals(plaintext, out.toByteArray());
    byte[] v1 = sealToAll(SealFormat.AUTO).get(0);
    assertEquals(
        SealFormat.SEIPD_V1,
        Opener.open(
                new ByteArrayInputStream(v1),
                keys.get(0),
                exchangeCert,
                OutputStream.nullOutputStream())
            .format(),
        "a key advertising only MDC gets SEIPDv1");
    assertFalse(certs.get(0).advertisesSeipdV2());
  }

  @Test
  void aFlippedByte_isRefused() throws Exception {
    for (SealFormat f : List.of(SealFormat.SEIPD_V1, SealFormat.SEIPD_V2)) {
      byte[] m = sealToAll(f).get(0).clone();
      m[m.length / 2] ^= 1;
      assertThrows(SealException.class, () -> open(m, keys.get(0), exchangeCert), f.toString());
    }
  }

  @Test
  void aSignatureByAnotherKey_isRefused() throws Exception {
    byte[] m = sealToAll(SealFormat.AUTO).get(0);
    SealException e = assertThrows(SealException.class, () -> open(m, keys.get(0), certs.get(1)));
    assertTrue(e.getMessage().contains("signed by a key other than"), e.getMessage());
  }

  @Test
  void aKeyMadeByGnuPg_receivesWhatGnuPgDecrypts_withAGoodSignature() throws Exception {
    Gpg gpg = new Gpg(dir.resolve("gnupg"));
    for (String algo : List.of("rsa3072", "ed25519")) {
      String uid = "agency-" + algo + "@example.gov";
      assertEquals(0, gpg.run("--quick-gen-key", uid, algo, "cert,sign", "never").exit());
      String subkey = algo.equals("ed25519") ? "cv25519" : algo;
      assertEquals(
          0, gpg.run("--quick-add-key", fingerprint(gpg, uid), subkey, "encr", "never").exit());
      Path certFile = dir.resolve(algo + ".asc");
      Files.writeString(certFile, exportArmored(gpg, uid));
      PublicCert cert = PublicCert.read(certFile);
      assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
      ByteArrayOutputStream sealed = new ByteArrayOutputStream();
      try (OutputStream out =
          new Sealer(exchange).seal(sealed, cert, SealFormat.AUTO, "weights.bin")) {
        out.write(plaintext);
      }
      Path msg = dir.resolve(algo + ".pgp");
      Files.write(msg, sealed.toByteArray());
      Path signer = dir.resolve("exchange.asc");
      Files.writeString(signer, exchangeCert.armored());
      gpg.importKey(signer);
      Path out = dir.resolve(algo + ".out");
      Gpg.Result r = gpg.run("--output", out.toString(), "--decrypt", msg.toString());
      assertEquals(0, r.exit(), r.stderr());
      assertTrue(r.status().contains("VALIDSIG " + exchange.fingerprint()), r.status());
      assertArrayEquals(plaintext, Files.readAllBytes(out));
    }
  }

  @Test
  void expiredRevokedAndSignOnlyKeys_areNamedAsUnusable() throws Exception {
    Gpg gpg = new Gpg(dir.resolve("gnupg-bad"));
    gpg.run("--quick-gen-key", "signonly@example.gov", "ed25519", "sign", "never");
    PublicCert signOnly =
        PublicCert.parse(
            exportArmored(gpg, "signonly@example.gov").getBytes(StandardCharsets.US_ASCII), "t");
    assertEquals(
        List.of("has no encryption-capable subkey"), signOnly.encryptionProblems(Instant.now()));

    gpg.run("--quick-gen-key", "revoked@example.gov", "rsa2048", "default", "never");
    String fpr = fingerprint(gpg, "revoked@example.gov");
    Path revocation = dir.resolve("gnupg-bad/openpgp-revocs.d/" + fpr + ".rev");
    String rev = Files.readString(revocation).replace(":-----BEGIN", "-----BEGIN");
    Path revFile = dir.resolve("rev.asc");
    Files.writeString(revFile, rev);
    gpg.importKey(revFile);
    PublicCert revoked =
        PublicCert.parse(
            exportArmored(gpg, "revoked@example.gov").getBytes(StandardCharsets.US_ASCII), "t");
    assertEquals(List.of("revoked"), revoked.encryptionProblems(Instant.now()));

    KeyGenerator.GeneratedKey shortLived =
        KeyGenerator.generate(
            "short", Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1));
    List<String> expired = shortLived.cert().encryptionProblems(Instant.now());
    assertEquals(1, expired.size());
    assertTrue(expired.get(0).startsWith("expired on "), expired.toString());
  }

  private static String fingerprint(Gpg gpg, String uid) throws Exception {
    Gpg.Result r = gpg.run("--with-colons", "--list-keys", uid);
    for (String line : r.status().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("no fingerprint for " + uid + ": " + r.stderr());
  }

  private static String exportArmored(Gpg gpg, String uid) throws Exception {
    Gpg.Result r = gpg.run("--armor", "--export", uid);
    assertEquals(0, r.exit(), r.stderr());
    return r.status()
        .lines()
        .filter(l -> !l.startsWith("[GNUPG:]"))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
