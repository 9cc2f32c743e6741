package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.prex.testing.Gpg;
import org.prex.testing.TestLine;

/** prex and GnuPG 2.2 read each other: the agencies' side of docs/formats.md. */
class GnuPgInteropTest {
  @TempDir static Path dir;
  static Fixture keys;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @BeforeAll
  static void importAgencyAndExchangeKeys() throws Exception {
    keys = Fixture.importedInto(gpg, dir, 1, "agency-0.secret.asc", "signing.pub.asc");
  }

  @Test
  void gpgDecryptsWhatPrexSealedToAKeyGeneratorKey_withAGoodSignatureFromTheExchange()
      throws Exception {
    Path msg = dir.resolve("keygen.pgp");
    Files.write(msg, keys.seal(SealFormat.AUTO, 0));
    Path out = dir.resolve("keygen.out");
    Gpg.Result r = gpg.run("--output", out.toString(), "--decrypt", msg.toString()).ok();
    assertArrayEquals(Fixture.PLAINTEXT, Files.readAllBytes(out));
    String signer = keys.exchange.fingerprint();
    assertTrue(r.status().contains("[GNUPG:] GOODSIG " + signer.substring(24)), r.status());
    // VALIDSIG <fpr> <date> <ts> <expire> <version> <reserved> <pk-algo> <hash-algo> ...
    String algorithms = TestLine.SIGNATURE_KEY_ALGORITHM + " " + TestLine.SIGNATURE_HASH;
    assertTrue(
        r.status()
            .matches(
                "(?s).*VALIDSIG "
                    + signer
                    + " \\S+ \\d+ \\d+ 4 0 "
                    + algorithms
                    + " 00 "
                    + signer
                    + ".*"),
        r.status());
    assertTrue(r.status().contains("[GNUPG:] DECRYPTION_INFO 2 9"), "MDC, AES-256: " + r.status());
    assertTrue(r.status().contains("[GNUPG:] GOODMDC"), r.status());
    assertTrue(r.status().contains("[GNUPG:] PLAINTEXT 62 "), "binary literal data: " + r.status());
    assertTrue(
        r.stderr().contains("weights.safetensors") || r.status().contains("weights.safetensors"));
  }

  @Test
  void aPrexMessage_isASignedLiteralInsideSeipdV1_withoutCompression() throws Exception {
    Path msg = dir.resolve("packets.pgp");
    Files.write(msg, keys.seal(SealFormat.AUTO, Fixture.PLAINTEXT, 0).get(0));
    String packets = gpg.run("--list-packets", msg.toString()).ok().stdout();
    assertTrue(packets.contains(":pubkey enc packet: version 3"), packets);
    assertTrue(
        packets.contains(":encrypted data packet:") && packets.contains("mdc_method: 2"), packets);
    assertTrue(
        packets.contains(
            "sigclass 0x00, digest "
                + TestLine.SIGNATURE_HASH
                + ", pubkey "
                + TestLine.SIGNATURE_KEY_ALGORITHM
                + ", last=1"),
        packets);
    assertTrue(packets.contains(":literal data packet:\n\tmode b (62)"), packets);
    assertFalse(packets.contains("compressed packet"), packets);
    // gpg lists no further than literal data of unknown length; the signature: VALIDSIG above
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.prex.testing.TestLine#gpgAgencyKeys")
  void prexSealsToKeysMadeByGpg_andGpgDecrypts(String algo) throws Exception {
    String uid = "agency-" + algo + "@example.gov";
    String fpr = gpg.generateAgency(uid, algo, "never");
    Path certFile = dir.resolve(algo + ".asc");
    Files.writeString(certFile, gpg.exportPublic(uid));
    PublicCert cert = PublicCert.read(certFile);
    assertEquals(fpr, cert.fingerprint());
    assertEquals(uid, cert.userId());
    assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
    assertFalse(cert.advertisesSeipdV2(), "GnuPG 2.2 keys do not advertise SEIPDv2");

    Path msg = dir.resolve(algo + ".pgp");
    try (OutputStream out =
        new Sealer(keys.exchange)
            .seal(Files.newOutputStream(msg), cert, SealFormat.AUTO, "weights.bin")) {
      out.write(Fixture.PLAINTEXT);
    }
    Path out = dir.resolve(algo + ".out");
    Gpg.Result r = gpg.run("--output", out.toString(), "--decrypt", msg.toString()).ok();
    assertArrayEquals(Fixture.PLAINTEXT, Files.readAllBytes(out));
    assertTrue(r.status().contains("VALIDSIG " + keys.exchange.fingerprint()), r.status());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.prex.testing.TestLine#gpgAgencyKeys")
  void anAgencySecretKeyExportedByGpg_opensPrexMessages(String algo) throws Exception {
    String uid = "agency-export-" + algo + "@example.gov";
    String fpr = gpg.generateAgency(uid, algo, "never");
    PublicCert cert =
        PublicCert.parse(gpg.exportPublic(uid).getBytes(StandardCharsets.US_ASCII), uid);
    Path secret = dir.resolve("export-" + algo + ".secret.asc");
    Files.writeString(secret, gpg.exportSecret(uid));
    DecryptionKey key = DecryptionKey.read(secret, new char[0]);
    assertEquals(fpr, key.fingerprint());
    java.io.ByteArrayOutputStream sealed = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new Sealer(keys.exchange).seal(sealed, cert, SealFormat.AUTO, "w")) {
      out.write(Fixture.PLAINTEXT);
    }
    assertArrayEquals(
        Fixture.PLAINTEXT, Fixture.open(sealed.toByteArray(), key, keys.exchangeCert).plaintext());
  }

  @Test
  void opener_readsWhatGpgSignedAndEncrypted_armouredAndCompressed() throws Exception {
    Gpg signer = new Gpg(dir.resolve("gnupg-exchange"));
    try {
      signer.importFile(dir.resolve("signing.asc"));
      signer.importFile(dir.resolve("agency-0.asc"));
      Path in = dir.resolve("from-gpg.txt");
      Files.write(in, Fixture.PLAINTEXT);
      Path msg = dir.resolve("from-gpg.asc");
      signer
          .run(
              "--trust-model",
              "always",
              "--armor",
              "--sign",
              "--encrypt",
              "-u",
              keys.exchange.fingerprint(),
              "-r",
              keys.agencyCerts.get(0).fingerprint(),
              "--output",
              msg.toString(),
              in.toString())
          .ok();
      Fixture.Opened o =
          Fixture.open(Files.readAllBytes(msg), keys.agencyKeys.get(0), keys.exchangeCert);
      assertArrayEquals(Fixture.PLAINTEXT, o.plaintext());
      assertEquals("from-gpg.txt", o.info().fileName());
      assertEquals(SealFormat.SEIPD_V1, o.info().format());
    } finally {
      signer.close();
    }
  }

  @Test
  void aPassphraseProtectedSigningKeyFromGpg_unlocksOnlyWithItsPassphrase() throws Exception {
    Gpg other = new Gpg(dir.resolve("gnupg-protected"));
    try {
      String uid = "exchange-protected@example.gov";
      other
          .runWith(
              "correct horse",
              null,
              "--quick-gen-key",
              uid,
              TestLine.GPG_SIGNING_KEY,
              "cert,sign",
              "never")
          .ok();
      Path file = dir.resolve("protected.asc");
      Files.writeString(
          file,
          other
              .runWith("correct horse", null, "--armor", "--export-secret-keys", uid)
              .ok()
              .stdout());
      SigningKey key = SigningKey.read(file, "correct horse".toCharArray());
      assertEquals(other.fingerprint(uid), key.fingerprint());
      assertEquals(List.of(), key.problems(Instant.now()));

      KeyFileException wrong =
          assertThrows(KeyFileException.class, () -> SigningKey.read(file, "wrong".toCharArray()));
      assertEquals(file + ": wrong passphrase (set PREX_SIGNING_PASSPHRASE)", wrong.getMessage());
      KeyFileException none =
          assertThrows(KeyFileException.class, () -> SigningKey.read(file, null));
      assertTrue(none.getMessage().contains("protected by a passphrase"), none.getMessage());
      assertFalse(none.getMessage().contains("correct horse"));
    } finally {
      other.close();
    }
  }
}
