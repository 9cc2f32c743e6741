package org.prex.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.keys.KeyCheck.KeyProblem;
import org.prex.keys.KeyCheck.Severity;
import org.prex.seal.KeyGenerator;
import org.prex.testing.ExampleKeys;
import org.prex.testing.Gpg;
import org.prex.testing.TestLine;

class KeyCheckTest {
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void freshSetWithoutForeignSecrets() throws Exception {
    dir = tmp.resolve("keys");
    KeyInit.init(dir, false, List.of("acme-ai"), List.of("caisi", "cisa"));
    Files.delete(dir.resolve("exchange/quarantine.secret.asc"));
    Files.delete(dir.resolve("labs/acme-ai"));
    Files.delete(dir.resolve("agencies/caisi.secret.asc"));
    Files.delete(dir.resolve("agencies/cisa.secret.asc"));
  }

  private List<KeyProblem> check() {
    return KeyCheck.check(dir, Instant.now());
  }

  private static List<KeyProblem> errors(List<KeyProblem> all) {
    return all.stream().filter(p -> p.severity() == Severity.ERROR).toList();
  }

  @Test
  void aFreshSet_withTheForeignSecretsMovedAway_hasNoProblemAtAll() {
    assertEquals(List.of(), check());
  }

  @Test
  void aLabsFindingsCertificate_isCheckedLikeAnAgencys() throws Exception {
    // a usable certificate (an agency's, as good as any): nothing to say
    Files.copy(dir.resolve("agencies/caisi.asc"), dir.resolve("labs/acme-ai.asc"));
    assertEquals(List.of(), check());
    // one that is not a certificate: an error naming the file
    Files.writeString(dir.resolve("labs/acme-ai.asc"), "not a certificate\n");
    assertHas(errors(check()), "labs/acme-ai.asc", Severity.ERROR, p -> !p.isEmpty());
    // one for a lab that does not exist, and a lab's secret key on the host: warnings
    Files.delete(dir.resolve("labs/acme-ai.asc"));
    Files.copy(dir.resolve("agencies/caisi.asc"), dir.resolve("labs/nobody.asc"));
    Files.writeString(dir.resolve("labs/acme-ai.secret.asc"), "secret\n");
    List<KeyProblem> all = check();
    assertHas(all, "labs/nobody.asc", Severity.WARNING, p -> p.contains("no labs/nobody.pub"));
    assertHas(
        all, "labs/acme-ai.secret.asc", Severity.WARNING, p -> p.contains("secret key is on"));
  }

  @Test
  void agencyAccounts_needACertificate_aNameOfTheirOwn_andUsableKeys() throws Exception {
    Path other = tmp.resolve("other");
    KeyInit.init(other, false, List.of("caisi", "spare"), List.of());
    Files.copy(other.resolve("labs/spare.pub"), dir.resolve("agencies/caisi.ssh.pub"));
    assertEquals(List.of(), errors(check()), "an agency with a certificate may have an account");
    Files.copy(other.resolve("labs/spare.pub"), dir.resolve("agencies/nsa.ssh.pub"));
    Files.writeString(dir.resolve("agencies/cisa.ssh.pub"), "not a key\n");
    List<KeyProblem> errors = errors(check());
    assertHas(errors, "agencies/nsa.ssh.pub", Severity.ERROR, p -> p.contains("no certificate"));
    assertHas(errors, "agencies/cisa.ssh.pub", Severity.ERROR, p -> p.startsWith("line 1"));
    Files.delete(dir.resolve("agencies/nsa.ssh.pub"));
    Files.delete(dir.resolve("agencies/cisa.ssh.pub"));
    Files.copy(other.resolve("labs/caisi.pub"), dir.resolve("labs/caisi.pub"));
    assertHas(
        errors(check()),
        "agencies/caisi.ssh.pub",
        Severity.ERROR,
        p -> p.contains("'caisi' is also a lab"));
  }

  @Test
  void theConsolesCertificateAndAccounts_areChecked() throws Exception {
    Path cert = dir.resolve("console/tls.crt");
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----\n");
    List<KeyProblem> errors = errors(check());
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(cert, errors.get(0).file());
    Files.delete(cert);
    Files.delete(dir.resolve("console/tls.key"));
    assertEquals(List.of(), check(), "the console is optional");
    Path users = dir.resolve("console-users");
    Files.writeString(users, "rita records-officer - -\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    errors = errors(check());
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(users, errors.get(0).file());
  }

  @Test
  void aCorruptedAgencyFile_isNamed() throws Exception {
    Path caisi = dir.resolve("agencies/caisi.asc");
    String armored = Files.readString(caisi);
    Files.writeString(
        caisi,
        armored.substring(0, armored.length() / 2) + "\n-----END PGP PUBLIC KEY BLOCK-----\n");
    List<KeyProblem> errors = errors(check());
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(caisi, errors.get(0).file());
    assertTrue(
        errors.get(0).problem().startsWith("not a readable OpenPGP certificate"),
        errors.toString());
  }

  @Test
  void anExpiredAgencyKey_isNamed_withItsExpiry() throws Exception {
    KeyGenerator.GeneratedKey old =
        KeyGenerator.generate("cisa", Instant.parse("2025-01-01T00:00:00Z"), Duration.ofDays(30));
    Files.writeString(dir.resolve("agencies/cisa.asc"), old.armoredPublic());
    assertEquals(
        List.of(
            new KeyProblem(
                dir.resolve("agencies/cisa.asc"),
                Severity.ERROR,
                "key " + old.fingerprint() + ": expired on 2025-01-31")),
        check());
  }

  @Test
  void aKeyExpiringWithin30Days_isAWarning() throws Exception {
    KeyGenerator.GeneratedKey due = KeySetTest.madeDaysAgo("cisa", 300, 310);
    Files.writeString(dir.resolve("agencies/cisa.asc"), due.armoredPublic());
    List<KeyProblem> problems = check();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(Severity.WARNING, problems.get(0).severity());
    assertTrue(problems.get(0).problem().contains("within 30 days"), problems.toString());
  }

  @Test
  void aBadAuthorizedKeysLine_isNamedWithItsLineNumber() throws Exception {
    Path pub = dir.resolve("labs/acme-ai.pub");
    String good = Files.readString(pub).trim();
    Files.writeString(
        pub,
        "# keys\n" + good + "\nssh-ed25519 AAAAnot-base64!! broken\ncommand=\"x\" " + good + "\n");
    List<KeyProblem> errors = errors(check());
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).problem().startsWith("line 3: not an SSH public key"), errors.toString());
    assertTrue(
        errors.get(1).problem().startsWith("line 4: option 'command' is not enforced"),
        errors.toString());
    assertEquals(pub, errors.get(0).file());
  }

  @Test
  void badIds_andStrayFiles_areNamed() throws Exception {
    Files.move(dir.resolve("agencies/cisa.asc"), dir.resolve("agencies/CISA.asc"));
    Files.writeString(dir.resolve("agencies/nsa.gpg"), "x");
    Files.move(dir.resolve("labs/acme-ai.pub"), dir.resolve("labs/prex-ingest.pub"));
    List<KeyProblem> problems = check();
    assertTrue(
        problems.contains(
            new KeyProblem(
                dir.resolve("agencies/CISA.asc"),
                Severity.ERROR,
                "'CISA' is not a valid agency id (" + KeyLayout.ID_RULE + ")")),
        problems.toString());
    assertHas(problems, "labs/prex-ingest.pub", Severity.ERROR, p -> p.contains("reserved"));
    assertHas(problems, "agencies/nsa.gpg", Severity.WARNING, p -> p.startsWith("ignored"));
  }

  @Test
  void missingExchangeFiles_areEachNamed() throws Exception {
    Files.delete(dir.resolve("exchange/signing.asc"));
    Files.delete(dir.resolve("exchange/signing.pub.asc"));
    Files.delete(dir.resolve("exchange/quarantine.asc"));
    assertEquals(
        List.of(
            new KeyProblem(dir.resolve("exchange/signing.asc"), Severity.ERROR, "missing"),
            new KeyProblem(dir.resolve("exchange/signing.pub.asc"), Severity.ERROR, "missing"),
            new KeyProblem(dir.resolve("exchange/quarantine.asc"), Severity.ERROR, "missing")),
        check());
  }

  @Test
  void aSigningPubOfAnotherKey_isAnError() throws Exception {
    Files.copy(
        dir.resolve("agencies/caisi.asc"),
        dir.resolve("exchange/signing.pub.asc"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<KeyProblem> errors = errors(check());
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).problem().contains("not the public part of signing.asc"), errors.toString());
  }

  @Test
  void signOnlyAndRevokedKeys_madeByGpg_areNamed() throws Exception {
    try (Gpg gpg = new Gpg(tmp.resolve("gnupg"))) {
      gpg.generate("officer@example.gov", TestLine.GPG_SIGNING_KEY, "cert,sign", "never");
      Files.writeString(
          dir.resolve("exchange/quarantine.asc"), gpg.exportPublic("officer@example.gov"));
      String fpr = gpg.generate("cisa@example.gov", TestLine.GPG_SIGNING_KEY, "cert,sign", "never");
      gpg.addSubkey(fpr, TestLine.GPG_ENCRYPTION_KEY, "encr", "never");
      String rev = Files.readString(gpg.home().resolve("openpgp-revocs.d/" + fpr + ".rev"));
      gpg.importText(rev.replace(":-----BEGIN", "-----BEGIN"));
      Files.writeString(dir.resolve("agencies/cisa.asc"), gpg.exportPublic("cisa@example.gov"));
    }
    List<KeyProblem> errors = errors(check());
    assertEquals(2, errors.size(), errors.toString());
    assertEquals(dir.resolve("exchange/quarantine.asc"), errors.get(0).file());
    assertTrue(
        errors.get(0).problem().endsWith("has no encryption-capable subkey"), errors.toString());
    assertEquals(dir.resolve("agencies/cisa.asc"), errors.get(1).file());
    assertTrue(errors.get(1).problem().endsWith(" revoked"), errors.toString());
  }

  @Test
  void anUnreadableFile_isReported_notThrown() throws Exception {
    Files.delete(dir.resolve("exchange/signing.asc"));
    Files.createDirectory(dir.resolve("exchange/signing.asc"));
    Files.writeString(dir.resolve("agencies/caisi.asc"), "");
    List<KeyProblem> errors = errors(check());
    assertTrue(
        errors.stream().anyMatch(p -> p.file().equals(dir.resolve("exchange/signing.asc"))),
        errors.toString());
    assertTrue(
        errors.stream().anyMatch(p -> p.file().equals(dir.resolve("agencies/caisi.asc"))),
        errors.toString());
  }

  @Test
  void aSigningKeyOthersCanRead_isAWarning() throws Exception {
    Files.setPosixFilePermissions(
        dir.resolve("exchange/signing.asc"), PosixFilePermissions.fromString("rw-r--r--"));
    List<KeyProblem> problems = check();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).problem().contains("readable by others"), problems.toString());
  }

  @Test
  void aMissingFolder_isOneError() {
    Path nowhere = tmp.resolve("nowhere");
    assertEquals(
        List.of(new KeyProblem(nowhere, Severity.ERROR, "no such keys folder")),
        KeyCheck.check(nowhere, Instant.now()));
  }

  @Test
  void theLinesExampleKeys_checkWithoutErrors() {
    // the repository's on the general line, a P-384 set from keys init on the FIPS line
    Path example = ExampleKeys.dir();
    List<KeyProblem> problems = KeyCheck.check(example, Instant.now());
    assertEquals(List.of(), errors(problems));
    assertTrue(
        problems.stream().anyMatch(p -> p.problem().contains("EXAMPLE")), problems.toString());
  }

  /** One of the problems is about this file of the key set, of this severity, and says so. */
  private void assertHas(
      List<KeyProblem> problems, String file, Severity severity, Predicate<String> says) {
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.file().equals(dir.resolve(file))
                        && p.severity() == severity
                        && says.test(p.problem())),
        problems.toString());
  }
}
