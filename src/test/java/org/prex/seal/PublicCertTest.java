package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;
import org.prex.testing.TestLine;

/**
 * What is wrong with a certificate, for keys made the way agencies make them: with GnuPG, of the
 * line's kind ({@link TestLine}).
 */
class PublicCertTest {
  @TempDir static Path dir;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  private static String agency(String uid, String expire) throws Exception {
    return gpg.generateAgency(uid, TestLine.GPG_SIGNING_KEY, expire);
  }

  private static PublicCert export(String uid) throws Exception {
    Path f = dir.resolve(uid + ".asc");
    Files.writeString(f, gpg.exportPublic(uid));
    return PublicCert.read(f);
  }

  @Test
  void aGpgKey_isUsable_andSaysWhoItIs() throws Exception {
    String fpr = agency("caisi@example.gov", "never");
    PublicCert cert = export("caisi@example.gov");
    assertEquals(fpr, cert.fingerprint());
    assertEquals("caisi@example.gov", cert.userId());
    assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
    assertEquals(List.of(), cert.verificationProblems(Instant.now()));
    assertTrue(cert.expiresAt().isEmpty());
    assertTrue(cert.armored().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    assertEquals(
        fpr,
        PublicCert.parse(cert.armored().getBytes(StandardCharsets.US_ASCII), "again")
            .fingerprint());
  }

  @Test
  void aKeyMadeWithAnExpiry_isExpiredAfterIt() throws Exception {
    agency("short@example.gov", "2d");
    PublicCert cert = export("short@example.gov");
    Instant expiry = cert.expiresAt().orElseThrow();
    assertTrue(
        expiry.isAfter(Fixture.inDays(1)) && expiry.isBefore(Fixture.inDays(3)), expiry.toString());
    assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
    assertEquals(
        List.of("expired on " + Validity.day(expiry)), cert.encryptionProblems(Fixture.inDays(3)));
  }

  @Test
  void aKeyThatExpiredAYearAgo_isNamedExpired() throws Exception {
    gpg.run(
            "--faked-system-time",
            "20240101T000000!",
            "--quick-gen-key",
            "old@example.gov",
            TestLine.GPG_SIGNING_KEY,
            "cert,sign",
            "1y")
        .ok();
    String fpr = gpg.fingerprint("old@example.gov");
    gpg.run(
            "--faked-system-time",
            "20240101T000000!",
            "--quick-add-key",
            fpr,
            TestLine.GPG_ENCRYPTION_KEY,
            "encr",
            "1y")
        .ok();
    PublicCert cert = export("old@example.gov");
    List<String> problems = cert.encryptionProblems(Instant.now());
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).matches("expired on 2024-12-3[01]"), problems.toString());
    assertEquals(problems, cert.verificationProblems(Instant.now()));
  }

  @Test
  void quickSetExpire_isHonoured_forThePrimaryKeyAndForTheSubkey() throws Exception {
    String fpr = agency("later@example.gov", "never");
    gpg.run("--quick-set-expire", fpr, "1d").ok();
    PublicCert primary = export("later@example.gov");
    assertTrue(primary.expiresAt().isPresent());
    assertTrue(primary.encryptionProblems(Fixture.inDays(2)).get(0).startsWith("expired on "));

    String fpr2 = agency("subkey@example.gov", "never");
    gpg.run("--quick-set-expire", fpr2, "1d", "*").ok();
    PublicCert sub = export("subkey@example.gov");
    assertEquals(List.of(), sub.encryptionProblems(Instant.now()));
    List<String> later = sub.encryptionProblems(Fixture.inDays(2));
    assertEquals(1, later.size());
    assertTrue(later.get(0).startsWith("its encryption subkey expired on "), later.toString());
    assertEquals(List.of(), sub.verificationProblems(Fixture.inDays(2)), "it can still sign");
  }

  @Test
  void aRevokedKey_isNamedRevoked() throws Exception {
    String fpr = agency("revoked@example.gov", "never");
    String rev = Files.readString(gpg.home().resolve("openpgp-revocs.d/" + fpr + ".rev"));
    gpg.importText(rev.replace(":-----BEGIN", "-----BEGIN"));
    PublicCert cert = export("revoked@example.gov");
    assertEquals(List.of("revoked"), cert.encryptionProblems(Instant.now()));
    assertEquals(List.of("revoked"), cert.verificationProblems(Instant.now()));
  }

  @Test
  void aRevokedEncryptionSubkey_isNamed() throws Exception {
    String fpr = agency("subrevoked@example.gov", "never");
    gpg.runWith("", "key 1\nrevkey\ny\n0\n\ny\nsave\n", "--command-fd", "0", "--edit-key", fpr)
        .ok();
    PublicCert cert = export("subrevoked@example.gov");
    assertEquals(
        List.of("its encryption subkey is revoked"), cert.encryptionProblems(Instant.now()));
  }

  @Test
  void aSignOnlyKey_hasNoEncryptionSubkey() throws Exception {
    gpg.generate("signonly@example.gov", TestLine.GPG_SIGNING_KEY, "cert,sign", "never");
    PublicCert cert = export("signonly@example.gov");
    assertEquals(
        List.of("has no encryption-capable subkey"), cert.encryptionProblems(Instant.now()));
    assertEquals(List.of(), cert.verificationProblems(Instant.now()));
  }

  @Test
  void anEncryptOnlyKey_cannotVerify() throws Exception {
    String fpr = gpg.generate("certonly@example.gov", TestLine.GPG_SIGNING_KEY, "cert", "never");
    gpg.addSubkey(fpr, TestLine.GPG_ENCRYPTION_KEY, "encr", "never");
    PublicCert cert = export("certonly@example.gov");
    assertEquals(List.of(), cert.encryptionProblems(Instant.now()));
    assertEquals(List.of("has no signing-capable key"), cert.verificationProblems(Instant.now()));
  }

  @Test
  void a1024BitRsaKey_isTooWeak() throws Exception {
    String fpr = gpg.generate("weak@example.gov", "rsa1024", "cert,sign", "never");
    gpg.addSubkey(fpr, "rsa1024", "encr", "never");
    List<String> problems = export("weak@example.gov").encryptionProblems(Instant.now());
    assertEquals(1, problems.size());
    assertTrue(
        problems.get(0).contains("RSA-1024") && problems.get(0).contains("too weak"),
        problems.toString());
  }

  @Test
  void aSubkeyWhoseBindingWasForged_doesNotCount() throws Exception {
    // Graft another key's encryption subkey (with its binding) onto a sign-only certificate.
    gpg.generate("victim@example.gov", TestLine.GPG_SIGNING_KEY, "cert,sign", "never");
    agency("mallory@example.gov", "never");
    PublicCert mallory = export("mallory@example.gov");
    org.bouncycastle.openpgp.PGPPublicKeyRing ring =
        org.bouncycastle.openpgp.PGPPublicKeyRing.insertPublicKey(
            export("victim@example.gov").ring(), mallory.encryptionKey(Instant.now()));
    PublicCert grafted = PublicCert.parse(ring.getEncoded(), "grafted");
    assertFalse(
        grafted.encryptionProblems(Instant.now()).isEmpty(),
        "an unbound subkey is no encryption key");
  }

  @Test
  void notACertificate_isRefused_namingTheFile() throws Exception {
    Path secret = dir.resolve("secret.asc");
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("x", Instant.now(), null);
    Files.writeString(secret, k.armoredSecret());
    KeyFileException e = assertThrows(KeyFileException.class, () -> PublicCert.read(secret));
    assertTrue(e.getMessage().startsWith(secret + ": holds a SECRET key"), e.getMessage());
    assertFalse(e.getMessage().contains(k.armoredSecret().substring(40, 80)));

    Path garbage = dir.resolve("garbage.asc");
    Files.writeString(
        garbage,
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n");
    e = assertThrows(KeyFileException.class, () -> PublicCert.read(garbage));
    assertTrue(e.getMessage().startsWith(garbage + ": "), e.getMessage());

    Path missing = dir.resolve("missing.asc");
    e = assertThrows(KeyFileException.class, () -> PublicCert.read(missing));
    assertEquals(missing + ": missing", e.getMessage());

    Path two = dir.resolve("two.asc");
    Files.write(
        two,
        concat(
            KeyGenerator.generate("a", Instant.now(), null),
            KeyGenerator.generate("b", Instant.now(), null)));
    e = assertThrows(KeyFileException.class, () -> PublicCert.read(two));
    assertTrue(e.getMessage().contains("expected exactly one certificate"), e.getMessage());
  }

  private static byte[] concat(KeyGenerator.GeneratedKey a, KeyGenerator.GeneratedKey b)
      throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(a.cert().ring().getEncoded());
    out.write(b.cert().ring().getEncoded());
    return out.toByteArray();
  }

  @Test
  void aYearOldKeyDueInTwoWeeks_reportsItsExpiry() throws Exception {
    KeyGenerator.GeneratedKey k =
        KeyGenerator.generate(
            "due", Instant.now().minus(351, ChronoUnit.DAYS), java.time.Duration.ofDays(365));
    Instant expiry = k.cert().expiresAt().orElseThrow();
    assertTrue(
        expiry.isAfter(Fixture.inDays(13)) && expiry.isBefore(Fixture.inDays(15)),
        expiry.toString());
    assertEquals(List.of(), k.cert().encryptionProblems(Instant.now()));
  }
}
