package org.prex.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.sftp.SshLine;

class KeyInitTest {
  @TempDir Path tmp;

  @Test
  void init_makesASetThatLoads_andChecksWithoutErrors() throws Exception {
    Path dir = tmp.resolve("keys");
    List<Path> made = KeyInit.init(dir, false, List.of("acme-ai"), List.of("uk-aisi", "caisi"));
    for (Path p : made) {
      assertTrue(Files.isRegularFile(p), p.toString());
      assertTrue(p.startsWith(dir), p.toString());
    }
    for (String f :
        List.of(
            "exchange/signing.asc",
            "exchange/signing.pub.asc",
            "exchange/quarantine.asc",
            "exchange/quarantine.secret.asc",
            "labs/acme-ai",
            "labs/acme-ai.pub",
            "agencies/caisi.asc",
            "agencies/caisi.secret.asc",
            "agencies/uk-aisi.asc",
            "agencies/uk-aisi.secret.asc",
            "README.txt")) {
      assertTrue(made.contains(dir.resolve(f)), f);
    }
    assertFalse(Files.exists(dir.resolve(KeyLayout.EXAMPLE_MARKER)));
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList(), "no half-made folder left beside it");
    }

    KeySet keys = KeySet.load(dir, null);
    assertEquals(List.of("caisi", "uk-aisi"), List.copyOf(keys.agencies().keySet()));
    assertEquals(1, keys.labSshKeys().get("acme-ai").size());
    assertFalse(keys.isExample());
    // the line's host key: ssh_host_ed25519_key, or ssh_host_ecdsa_key on the FIPS line
    assertEquals(dir.resolve("exchange/" + SshLine.HOST_KEY_FILE), keys.hostKeyFile());
    assertEquals(List.of(), keys.signingKey().problems(Instant.now()));

    List<KeyCheck.KeyProblem> problems = KeyCheck.check(dir, Instant.now());
    assertTrue(
        problems.stream().noneMatch(p -> p.severity() == KeyCheck.Severity.ERROR),
        problems.toString());
    // the secrets that belong to others are named until they are moved away
    assertTrue(
        warned(problems, dir.resolve("exchange/quarantine.secret.asc")), problems.toString());
    assertTrue(warned(problems, dir.resolve("labs/acme-ai")), problems.toString());
    assertTrue(warned(problems, dir.resolve("agencies/caisi.secret.asc")), problems.toString());
    assertTrue(Files.readString(dir.resolve("README.txt")).contains("quarantine.secret.asc"));
  }

  @Test
  void secretFiles_areOwnerOnly_andFoldersToo() throws Exception {
    Path dir = tmp.resolve("keys");
    KeyInit.init(dir, false, List.of("acme-ai"), List.of("caisi"));
    for (String f :
        List.of(
            "exchange/signing.asc",
            "exchange/quarantine.secret.asc",
            "labs/acme-ai",
            "agencies/caisi.secret.asc")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))),
          f);
    }
    for (String d : List.of("", "exchange", "labs", "agencies")) {
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(d))),
          d);
    }
  }

  @Test
  void theLabKeyPair_isAnOpenSshKeyPair() throws Exception {
    Path dir = tmp.resolve("keys");
    KeyInit.init(dir, false, List.of("acme-ai"), List.of());
    Process p =
        new ProcessBuilder("ssh-keygen", "-y", "-f", dir.resolve("labs/acme-ai").toString())
            .redirectErrorStream(true)
            .start();
    String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), derived);
    String[] fromPrivate = derived.split(" ");
    String[] pub = Files.readString(dir.resolve("labs/acme-ai.pub")).trim().split(" ");
    assertEquals(fromPrivate[0] + " " + fromPrivate[1], pub[0] + " " + pub[1]);
  }

  @Test
  void anAgencysSecretKey_opensWhatIsSealedToItsCertificate() throws Exception {
    Path dir = tmp.resolve("keys");
    KeyInit.init(dir, false, List.of(), List.of("nsa"));
    KeySet keys = KeySet.load(dir, new char[0]);
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (OutputStream out =
        new Sealer(keys.signingKey())
            .seal(sealed, keys.agencies().get("nsa"), SealFormat.AUTO, "card.md")) {
      out.write("model card".getBytes(StandardCharsets.UTF_8));
    }
    DecryptionKey nsa = DecryptionKey.read(dir.resolve("agencies/nsa.secret.asc"), null);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    Opener.open(
        new ByteArrayInputStream(sealed.toByteArray()), nsa, keys.signingKey().publicCert(), plain);
    assertArrayEquals("model card".getBytes(StandardCharsets.UTF_8), plain.toByteArray());
  }

  @Test
  void anExampleSet_saysSoEverywhere() throws Exception {
    Path dir = tmp.resolve("keys-example");
    KeyInit.init(dir, true, List.of("acme-ai"), List.of("caisi"));
    assertTrue(Files.exists(dir.resolve("EXAMPLE-KEYS-DO-NOT-USE.txt")));
    KeySet keys = KeySet.load(dir, null);
    assertTrue(keys.isExample());
    assertEquals(
        "caisi (EXAMPLE KEY - DEMO ONLY, NOT FOR REAL USE)", keys.agencies().get("caisi").userId());
    assertTrue(keys.signingKey().publicCert().userId().contains("EXAMPLE"));
    assertTrue(keys.quarantineCert().userId().contains("EXAMPLE"));
    assertTrue(Files.readString(dir.resolve("labs/acme-ai.pub")).contains("EXAMPLE"));
    List<KeyCheck.KeyProblem> problems = KeyCheck.check(dir, Instant.now());
    assertEquals(
        List.of(
            new KeyCheck.KeyProblem(
                dir,
                KeyCheck.Severity.WARNING,
                "these are EXAMPLE keys, public in the repository: not for real use")),
        problems);

    Files.delete(dir.resolve("EXAMPLE-KEYS-DO-NOT-USE.txt"));
    assertTrue(KeySet.load(dir, null).isExample(), "the user ids alone still say EXAMPLE");
  }

  @Test
  void aFolderThatIsNotEmpty_isRefused_andLeftAlone() throws Exception {
    Path dir = tmp.resolve("keys");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class, () -> KeyInit.init(dir, false, List.of(), List.of()));
    assertTrue(
        e.getMessage().contains(dir.toString()) && e.getMessage().contains("not empty"),
        e.getMessage());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("notes.txt")), s.toList());
    }
  }

  @Test
  void anEmptyFolder_isFilled() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("keys"));
    KeyInit.init(dir, false, List.of(), List.of());
    assertTrue(Files.exists(dir.resolve("exchange/signing.asc")));
  }

  @Test
  void badIds_areRefused_beforeAnythingIsMade() {
    Path dir = tmp.resolve("keys");
    for (List<String> labs :
        List.of(List.of("Acme_AI"), List.of("prex-ingest"), List.of("a", "a"), List.of("-x"))) {
      assertThrows(
          IllegalArgumentException.class,
          () -> KeyInit.init(dir, false, labs, List.of()),
          labs.toString());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyInit.init(dir, false, List.of(), List.of("x".repeat(64))));
    assertFalse(Files.exists(dir));
  }

  private static boolean warned(List<KeyCheck.KeyProblem> problems, Path file) {
    return problems.stream()
        .anyMatch(p -> p.file().equals(file) && p.severity() == KeyCheck.Severity.WARNING);
  }
}
