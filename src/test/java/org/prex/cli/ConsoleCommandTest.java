package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;

/** {@code prex console add-user | remove-user | list-users}, through the command line. */
class ConsoleCommandTest {
  private static final String PASSWORD = "a passphrase of words";

  private static KeyPair pair;
  private static X509Certificate cert;

  @BeforeAll
  static void aClientCertificate() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    pair = gen.generateKeyPair();
    X500Name subject = new X500Name("CN=Alice Example, O=Records Office");
    Instant now = Instant.now();
    cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        subject,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(30))),
                        subject,
                        pair.getPublic())
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  /**
   * The command with exactly {@code env} as its environment and {@code stdin} on standard input.
   */
  private static Run prex(Map<String, String> env, String stdin, String... args) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return Cli.prexWithEnv(env, args);
    } finally {
      System.setIn(before);
    }
  }

  private static Map<String, String> password(String p) {
    return Map.of(ConsoleCommand.PASSWORD, p);
  }

  /** {@code prex console add-user ARGS… --keys KEYS}, with {@code env} and {@code stdin}. */
  private static Run addUser(Map<String, String> env, String stdin, Path keys, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "console";
    all[1] = "add-user";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--keys";
    all[args.length + 3] = keys.toString();
    return prex(env, stdin, all);
  }

  private static String k(Path keys) {
    return keys.toString();
  }

  private static Path pem(Path dir, Object... objects) throws Exception {
    Path file = dir.resolve("client-" + System.nanoTime() + ".pem");
    try (Writer w = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      for (Object o : objects) {
        pem.writeObject(o);
      }
    }
    return file;
  }

  private static String sha256(X509Certificate c) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  @Test
  void addUser_withThePasswordInTheEnvironment(@TempDir Path keys) {
    Run r = addUser(password(PASSWORD), "", keys, "alice", "--role", "records-officer");
    assertEquals(0, r.code(), r.err());
    assertEquals("added console user alice (records-officer)\n", r.out());
    ConsoleUser alice = ConsoleUsers.read(keys).byName("alice").get();
    assertEquals(Role.RECORDS_OFFICER, alice.role());
    assertNull(alice.certSha256());
    assertTrue(PasswordHash.verify(PASSWORD.toCharArray(), alice.passwordHash()));
    assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD));
  }

  @Test
  void addUser_withThePasswordOnStandardInput_firstLineOnly(@TempDir Path keys) {
    Run r =
        addUser(
            Map.of(),
            "from standard input\r\nsecond line\n",
            keys,
            "bob",
            "--role",
            "security-officer");
    assertEquals(0, r.code(), r.err());
    assertEquals("added console user bob (security-officer)\n", r.out());
    String hash = ConsoleUsers.read(keys).byName("bob").get().passwordHash();
    assertTrue(PasswordHash.verify("from standard input".toCharArray(), hash));
  }

  @Test
  void aShortOrEmptyOrMissingPassword_isRefused_withExit2(@TempDir Path keys) {
    for (Run r :
        List.of(
            addUser(password("elevenchars"), "", keys, "a", "--role", "records-officer"),
            addUser(Map.of(), "short\n", keys, "a", "--role", "records-officer"),
            addUser(password(""), "", keys, "a", "--role", "records-officer"),
            addUser(Map.of(), "\n", keys, "a", "--role", "records-officer"),
            addUser(Map.of(), "", keys, "a", "--role", "records-officer"))) {
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("error: "), r.err());
      assertTrue(r.err().contains("\nhint: "), r.err());
      assertFalse(r.err().contains("elevenchars") || r.err().contains("short\n"), r.err());
    }
    Run shortOne = addUser(password("elevenchars"), "", keys, "a", "--role", "records-officer");
    assertTrue(shortOne.err().contains("shorter than 12 characters"), shortOne.err());
    assertFalse(Files.exists(ConsoleUsers.file(keys)), "nothing written");
    // twelve is enough, counted in characters, not bytes or UTF-16 units
    Run twelve =
        addUser(password("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑"), "", keys, "a", "--role", "records-officer");
    assertEquals(0, twelve.code(), twelve.err());
  }

  @Test
  void addUser_refusesABadNameOrRole_andAnExistingName(@TempDir Path keys) {
    Run name = addUser(password(PASSWORD), "", keys, "Alice", "--role", "records-officer");
    assertEquals(2, name.code());
    assertTrue(
        name.err().startsWith("error: 'Alice' is not a valid console user name"), name.err());
    Run role = addUser(password(PASSWORD), "", keys, "alice", "--role", "admin");
    assertEquals(2, role.code());
    assertTrue(role.err().contains("'admin'"), role.err());
    assertTrue(role.err().contains("records-officer, security-officer"), role.err());

    assertEquals(
        0, addUser(password(PASSWORD), "", keys, "alice", "--role", "records-officer").code());
    Run again = addUser(password(PASSWORD), "", keys, "alice", "--role", "security-officer");
    assertEquals(1, again.code());
    assertTrue(
        again.err().startsWith("error: console user alice exists; remove it first"), again.err());
    assertEquals(Role.RECORDS_OFFICER, ConsoleUsers.read(keys).byName("alice").get().role());
  }

  @Test
  void removeUser_removesIt_andAnUnknownOneExits1(@TempDir Path keys) {
    assertEquals(
        0, addUser(password(PASSWORD), "", keys, "alice", "--role", "records-officer").code());
    assertEquals(
        0, addUser(password(PASSWORD), "", keys, "bob", "--role", "records-officer").code());
    Run r = prex(Map.of(), "", "console", "remove-user", "alice", "--keys", k(keys));
    assertEquals(0, r.code(), r.err());
    assertEquals("removed console user alice\n", r.out());
    assertEquals(
        List.of("bob"), ConsoleUsers.read(keys).all().stream().map(ConsoleUser::name).toList());

    Run again = prex(Map.of(), "", "console", "remove-user", "alice", "--keys", k(keys));
    assertEquals(1, again.code());
    assertTrue(
        again
            .err()
            .startsWith("error: no console user alice in " + keys.resolve("console-users") + "\n"),
        again.err());
  }

  @Test
  void addUser_withACertificate_storesItsFingerprint(@TempDir Path keys, @TempDir Path tmp)
      throws Exception {
    Path file = pem(tmp, cert);
    String expected = sha256(cert);

    // no password anywhere: certificate login only
    Run only =
        addUser(
            Map.of(), "", keys, "alice", "--role", "records-officer", "--cert", file.toString());
    assertEquals(0, only.code(), only.err());
    assertTrue(only.out().startsWith("added console user alice (records-officer)\n"), only.out());
    assertTrue(only.out().contains(expected), only.out());
    ConsoleUser alice = ConsoleUsers.read(keys).byCertificate(expected).get();
    assertEquals("alice", alice.name());
    assertEquals(expected, alice.certSha256());
    assertNull(alice.passwordHash());
    assertEquals("", only.err());

    // the same certificate for another account is refused, naming the one it belongs to
    Run taken =
        addUser(
            password(PASSWORD),
            "",
            keys,
            "bob",
            "--role",
            "records-officer",
            "--cert",
            file.toString());
    assertEquals(1, taken.code(), taken.err());
    assertTrue(taken.err().contains("already console user alice's"), taken.err());

    // with a password as well
    assertEquals(
        0, prex(Map.of(), "", "console", "remove-user", "alice", "--keys", k(keys)).code());
    Run both =
        addUser(
            password(PASSWORD),
            "",
            keys,
            "alice",
            "--role",
            "security-officer",
            "--cert",
            file.toString());
    assertEquals(0, both.code(), both.err());
    alice = ConsoleUsers.read(keys).byName("alice").get();
    assertEquals(expected, alice.certSha256());
    assertTrue(PasswordHash.verify(PASSWORD.toCharArray(), alice.passwordHash()));
  }

  @Test
  void aCertFileThatIsNoCertificate_isRefused_naming_it(@TempDir Path keys, @TempDir Path tmp)
      throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.pem"), "just some text\n");
    Path broken =
        Files.writeString(
            tmp.resolve("broken.pem"),
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Path key = pem(tmp, cert, pair.getPrivate());
    Path binary = Files.write(tmp.resolve("random.der"), new byte[] {0x30, (byte) 0x82, 0, 1, 2});
    Path missing = tmp.resolve("missing.pem");
    for (Path bad : List.of(text, broken, key, binary, missing)) {
      Run r =
          addUser(
              password(PASSWORD),
              "",
              keys,
              "alice",
              "--role",
              "records-officer",
              "--cert",
              bad.toString());
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().startsWith("error: --cert " + bad + " "), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
    }
    assertFalse(Files.exists(ConsoleUsers.file(keys)));
  }

  @Test
  void listUsers_showsNamesRolesAndLoginKinds_neverAHash(@TempDir Path keys, @TempDir Path tmp)
      throws Exception {
    Run none = prex(Map.of(), "", "console", "list-users", "--keys", k(keys));
    assertEquals(0, none.code(), none.err());
    assertTrue(none.out().startsWith("no console users"), none.out());

    assertEquals(
        0, addUser(password(PASSWORD), "", keys, "alice", "--role", "records-officer").code());
    assertEquals(
        0,
        addUser(
                password(PASSWORD),
                "",
                keys,
                "bob",
                "--role",
                "security-officer",
                "--cert",
                pem(tmp, cert).toString())
            .code());
    Run r = prex(Map.of(), "", "console", "list-users", "--keys", k(keys));
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(1).matches("alice +records-officer +password"), lines.get(1));
    assertTrue(lines.get(2).matches("bob +security-officer +password, certificate"), lines.get(2));
    assertFalse(r.out().contains("argon2"), r.out());
    for (ConsoleUser u : ConsoleUsers.read(keys).all()) {
      String[] phc = u.passwordHash().split("\\$");
      assertFalse(r.out().contains(phc[4]) || r.out().contains(phc[5]), r.out());
    }
  }

  @Test
  void aMalformedAccountsFile_isNamedWithItsLine(@TempDir Path keys) throws Exception {
    Files.writeString(ConsoleUsers.file(keys), "# accounts\nalice records-officer\n");
    Run r = prex(Map.of(), "", "console", "list-users", "--keys", k(keys));
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: " + ConsoleUsers.file(keys) + " line 2: "), r.err());
  }

  @Test
  void aKeysFolderThatIsNotThere_isNamed(@TempDir Path tmp) {
    Path nope = tmp.resolve("nope");
    for (String[] args :
        new String[][] {
          {"console", "list-users", "--keys", nope.toString()},
          {"console", "remove-user", "alice", "--keys", nope.toString()},
          {"console", "add-user", "alice", "--role", "records-officer", "--keys", nope.toString()}
        }) {
      Run r = prex(password(PASSWORD), "", args);
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().startsWith("error: keys folder " + nope + " does not exist"), r.err());
    }
  }
}
