package org.prex.console.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleUsersTest {
  private static final String CERT = "ab".repeat(32);

  /** One hash for the class: the line's hash at prex's cost is not free. */
  private static final String HASH = PasswordHash.hash("a long enough password".toCharArray());

  @Test
  void addReadRemove_roundTrip(@TempDir Path keys) throws Exception {
    assertTrue(ConsoleUsers.read(keys).all().isEmpty(), "no file, no users");
    assertFalse(ConsoleUsers.remove(keys, "alice"), "nothing to remove");

    ConsoleUser alice = new ConsoleUser("alice", Role.RECORDS_OFFICER, HASH, null);
    ConsoleUser bob = new ConsoleUser("bob.smith-2", Role.SECURITY_OFFICER, HASH, CERT);
    ConsoleUser carol = new ConsoleUser("carol", Role.RECORDS_OFFICER, null, "cd".repeat(32));
    ConsoleUsers.add(keys, alice);
    ConsoleUsers.add(keys, bob);
    ConsoleUsers.add(keys, carol);

    ConsoleUsers read = ConsoleUsers.read(keys);
    assertEquals(List.of(alice, bob, carol), read.all());
    assertEquals(Optional.of(bob), read.byName("bob.smith-2"));
    assertEquals(Optional.empty(), read.byName("dave"));
    assertEquals(Optional.empty(), read.byName(null));
    assertTrue(
        PasswordHash.verify(
            "a long enough password".toCharArray(), read.byName("alice").get().passwordHash()));

    String text = Files.readString(ConsoleUsers.file(keys));
    assertTrue(text.startsWith("# "), "a header explains the format:\n" + text);
    assertTrue(text.contains("\ncarol records-officer - " + "cd".repeat(32) + "\n"), text);

    assertTrue(ConsoleUsers.remove(keys, "bob.smith-2"));
    assertFalse(ConsoleUsers.remove(keys, "bob.smith-2"));
    assertEquals(List.of(alice, carol), ConsoleUsers.read(keys).all());
    String after = Files.readString(ConsoleUsers.file(keys));
    assertTrue(after.startsWith(ConsoleUsers.HEADER), "comments are kept:\n" + after);
  }

  @Test
  void theFile_isOwnerOnly_whatever_itWasBefore(@TempDir Path keys) throws Exception {
    ConsoleUsers.add(keys, new ConsoleUser("alice", Role.RECORDS_OFFICER, HASH, null));
    Path file = ConsoleUsers.file(keys);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ConsoleUsers.add(keys, new ConsoleUser("bob", Role.RECORDS_OFFICER, HASH, null));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(ConsoleUsers.remove(keys, "bob"));
    // a file others may write is refused outright: whoever wrote it may have added an officer
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConsoleUsers.add(keys, new ConsoleUser("carol", Role.RECORDS_OFFICER, HASH, null)));
    assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConsoleUsers.read(keys));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var left = Files.list(keys)) {
      assertEquals(
          List.of(file),
          left.filter(p -> !p.getFileName().toString().equals(".console-users.lock")).toList(),
          "no temporary file left behind");
    }
  }

  @Test
  void aDuplicateName_isRefused_andTheFileLeftAlone(@TempDir Path keys) throws Exception {
    ConsoleUsers.add(keys, new ConsoleUser("alice", Role.RECORDS_OFFICER, HASH, null));
    String before = Files.readString(ConsoleUsers.file(keys));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConsoleUsers.add(
                    keys, new ConsoleUser("alice", Role.SECURITY_OFFICER, null, CERT)));
    assertEquals("console user alice exists; remove it first", e.getMessage());
    assertEquals(before, Files.readString(ConsoleUsers.file(keys)));
  }

  @Test
  void oneCertificate_mapsToOneAccount(@TempDir Path keys) {
    ConsoleUsers.add(keys, new ConsoleUser("alice", Role.RECORDS_OFFICER, null, CERT));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConsoleUsers.add(keys, new ConsoleUser("bob", Role.RECORDS_OFFICER, null, CERT)));
    assertTrue(e.getMessage().contains("alice"), e.getMessage());
  }

  @Test
  void byCertificate_findsTheAccountOfAFingerprint(@TempDir Path keys) {
    ConsoleUsers.add(keys, new ConsoleUser("alice", Role.RECORDS_OFFICER, HASH, null));
    ConsoleUsers.add(keys, new ConsoleUser("bob", Role.SECURITY_OFFICER, null, CERT));
    ConsoleUsers users = ConsoleUsers.read(keys);
    assertEquals("bob", users.byCertificate(CERT).get().name());
    assertEquals("bob", users.byCertificate(CERT.toUpperCase()).get().name());
    assertEquals(Optional.empty(), users.byCertificate("cd".repeat(32)));
    assertEquals(Optional.empty(), users.byCertificate(null));
    assertEquals(Optional.empty(), users.byCertificate("-"));
  }

  @Test
  void aMalformedLine_isNamedByNumber_withoutTheHash(@TempDir Path keys) throws Exception {
    Path file = ConsoleUsers.file(keys);
    String good = "alice records-officer " + HASH + " -";
    String[] bad = {
      "bob records-officer " + HASH, // three fields
      "bob  records-officer " + HASH + " -", // two spaces
      "bob auditor " + HASH + " -", // unknown role
      "bob " + HASH + " records-officer -", // fields swapped: the hash where the role goes
      "Bob records-officer " + HASH + " -", // bad name
      "bob records-officer " + HASH.replace("t=2", "t=99") + " -", // absurd cost
      "bob records-officer " + HASH.substring(0, 40) + " -", // truncated hash
      "bob records-officer - " + CERT.toUpperCase(), // upper-case fingerprint
      "bob records-officer - -", // no way to log in
      "alice security-officer " + HASH + " -", // alice twice
    };
    for (String line : bad) {
      Files.writeString(file, "# accounts\n\n" + good + "\n" + line + "\n");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ConsoleUsers.read(keys), line);
      String m = e.getMessage();
      assertTrue(m.startsWith(file + " line 4: "), m);
      assertFalse(m.contains(HASH.split("\\$")[5]), "never the hash: " + m);
      assertFalse(m.contains(HASH.split("\\$")[4]), "never the salt: " + m);
      assertFalse(m.contains("$argon2id$v=19$m=19456"), "never the hash: " + m);
    }
    Files.writeString(file, "# accounts\n\n" + good + "\n" + bad[2] + "\n");
    String m =
        assertThrows(IllegalArgumentException.class, () -> ConsoleUsers.read(keys)).getMessage();
    assertTrue(m.contains("'auditor'") && m.contains("records-officer, security-officer"), m);
  }

  /** A FIPS build's entry: PBKDF2-HMAC-SHA512, as Python's hashlib makes it for "password 1234". */
  private static final String PBKDF2 =
      "$pbkdf2-sha512$i=210000,l=64$AQIDBAUGBwgJCgsMDQ4PEA$7xZWAqE+7KZVbbzKEMHJovjbxSE1puCPdsRqBis"
          + "5Z4YUajYgGNkiNFNv3coc2zZpw7bTSl1idSLzF6XlOXYfnw";

  @Test
  void aPbkdf2Entry_isRead_andAWeakOne_isNamedByNumber_withoutTheHash(@TempDir Path keys)
      throws Exception {
    Path file = ConsoleUsers.file(keys);
    Files.writeString(file, "# accounts\nrita records-officer " + PBKDF2 + " " + CERT + "\n");
    ConsoleUser rita = ConsoleUsers.read(keys).byName("rita").orElseThrow();
    assertEquals(PBKDF2, rita.passwordHash());
    assertTrue(PasswordHash.verify("password 1234".toCharArray(), rita.passwordHash()));
    assertEquals(Optional.empty(), rita.passwordRefusal(), "the general line checks PBKDF2 too");

    String weak = PBKDF2.replace("i=210000", "i=100000");
    Files.writeString(file, "# accounts\nrita records-officer " + weak + " -\n");
    String m =
        assertThrows(IllegalArgumentException.class, () -> ConsoleUsers.read(keys)).getMessage();
    assertTrue(m.startsWith(file + " line 2: the password field is neither - nor"), m);
    assertTrue(m.contains("$pbkdf2-sha512$i=..,l=..$SALT$HASH, i from 210000 to 2100000"), m);
    assertFalse(m.contains(PBKDF2.split("\\$")[4]), "never the hash: " + m);
    assertFalse(m.contains(PBKDF2.split("\\$")[3]), "never the salt: " + m);
  }

  @Test
  void commentsBlankLinesAndCrlf_areFine(@TempDir Path keys) throws Exception {
    Files.writeString(
        ConsoleUsers.file(keys),
        "# a comment\r\n\r\n   \r\n  # indented comment\r\nalice records-officer - "
            + CERT
            + "\r\n");
    assertEquals(
        List.of(new ConsoleUser("alice", Role.RECORDS_OFFICER, null, CERT)),
        ConsoleUsers.read(keys).all());
  }

  @Test
  void names_followTheRule() {
    for (String ok : new String[] {"a", "alice", "j.doe", "j_doe-2", "a" + "b".repeat(62)}) {
      new ConsoleUser(ok, Role.RECORDS_OFFICER, null, CERT);
    }
    for (String bad :
        new String[] {"", "Alice", "1alice", ".alice", "al ice", "a" + "b".repeat(63), "älice"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new ConsoleUser(bad, Role.RECORDS_OFFICER, null, CERT));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      assertTrue(e.getMessage().contains(ConsoleUser.NAME_RULE), e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConsoleUser(null, Role.RECORDS_OFFICER, null, CERT));
  }

  @Test
  void roles_parseTheirIds_andNameTheAllowedOnes() {
    assertEquals(Role.RECORDS_OFFICER, Role.parse("records-officer"));
    assertEquals(Role.SECURITY_OFFICER, Role.parse("security-officer"));
    assertEquals("security-officer", Role.SECURITY_OFFICER.id());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Role.parse("SECURITY_OFFICER"));
    assertTrue(e.getMessage().contains("'SECURITY_OFFICER'"), e.getMessage());
    assertTrue(e.getMessage().contains("records-officer, security-officer"), e.getMessage());
  }

  @Test
  void aUsersStringForm_neverHoldsItsHash() {
    ConsoleUser u = new ConsoleUser("alice", Role.RECORDS_OFFICER, HASH, CERT);
    assertFalse(u.toString().contains(HASH.split("\\$")[5]), u.toString());
  }
}
