package org.prex.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.seal.KeyFileException;
import org.prex.seal.KeyGenerator;

class KeySetTest {
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void freshSet() throws Exception {
    dir = tmp.resolve("keys");
    KeyInit.init(dir, false, List.of("acme-ai"), List.of("caisi"));
  }

  private KeyFileException refused() {
    return assertThrows(KeyFileException.class, () -> KeySet.load(dir, null));
  }

  /** The key set is refused, and the message says {@code part}. */
  private void assertRefusedFor(String part) {
    KeyFileException e = refused();
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void aMissingFolder_isNamed() {
    Path nowhere = tmp.resolve("nowhere");
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeySet.load(nowhere, null));
    assertEquals(nowhere, e.file());
    assertTrue(e.getMessage().contains("keys init"), e.getMessage());
  }

  @Test
  void aMissingSigningKey_isNamed() throws Exception {
    Files.delete(dir.resolve("exchange/signing.asc"));
    KeyFileException e = refused();
    assertEquals(dir.resolve("exchange/signing.asc") + ": missing", e.getMessage());
  }

  @Test
  void aMissingQuarantineCertificate_isNamed() throws Exception {
    Files.delete(dir.resolve("exchange/quarantine.asc"));
    assertEquals(dir.resolve("exchange/quarantine.asc") + ": missing", refused().getMessage());
  }

  @Test
  void anInvalidLabId_isRefused_namingTheFile() throws Exception {
    Files.move(dir.resolve("labs/acme-ai.pub"), dir.resolve("labs/Acme_AI.pub"));
    KeyFileException e = refused();
    assertEquals(dir.resolve("labs/Acme_AI.pub"), e.file());
    assertTrue(e.getMessage().contains("'Acme_AI' is not a valid lab id"), e.getMessage());
  }

  @Test
  void theReservedIngestAccount_isNoLab() throws Exception {
    Files.move(dir.resolve("labs/acme-ai.pub"), dir.resolve("labs/prex-ingest.pub"));
    assertTrue(refused().getMessage().contains("reserved"));
  }

  @Test
  void anInvalidAgencyId_isRefused() throws Exception {
    Files.move(dir.resolve("agencies/caisi.asc"), dir.resolve("agencies/CAISI.asc"));
    KeyFileException e = refused();
    assertEquals(dir.resolve("agencies/CAISI.asc"), e.file());
  }

  @Test
  void aSigningPubThatIsAnotherKey_isRefused() throws Exception {
    Files.copy(
        dir.resolve("agencies/caisi.asc"),
        dir.resolve("exchange/signing.pub.asc"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    KeyFileException e = refused();
    assertEquals(dir.resolve("exchange/signing.pub.asc"), e.file());
    assertTrue(e.getMessage().contains("not the public part of signing.asc"), e.getMessage());
  }

  @Test
  void anExpiredQuarantineKey_isRefused() throws Exception {
    KeyGenerator.GeneratedKey old = madeDaysAgo("officer", 40, 10);
    Files.writeString(dir.resolve("exchange/quarantine.asc"), old.armoredPublic());
    assertRefusedFor("expired on");
  }

  @Test
  void anExpiredSigningKey_isRefused() throws Exception {
    KeyGenerator.GeneratedKey old = madeDaysAgo("exchange", 40, 10);
    Files.writeString(dir.resolve("exchange/signing.asc"), old.armoredSecret());
    Files.writeString(dir.resolve("exchange/signing.pub.asc"), old.armoredPublic());
    assertRefusedFor("signing key " + old.fingerprint() + " expired on");
  }

  @Test
  void aLabFile_mayHoldSeveralKeys_andComments() throws Exception {
    Path pub = dir.resolve("labs/acme-ai.pub");
    String line = Files.readString(pub).trim();
    KeyInit.init(tmp.resolve("other"), false, List.of("acme-ai"), List.of());
    String second = Files.readString(tmp.resolve("other/labs/acme-ai.pub")).trim();
    Files.writeString(pub, "# acme-ai's build servers\n\n" + line + "\nrestrict " + second + "\n");
    assertEquals(2, KeySet.load(dir, null).labSshKeys().get("acme-ai").size());
  }

  @Test
  void anAuthorizedKeysOptionTheDropBoxWouldIgnore_isRefused() throws Exception {
    Path pub = dir.resolve("labs/acme-ai.pub");
    Files.writeString(pub, "from=\"10.0.0.0/8\" " + Files.readString(pub));
    assertRefusedFor("line 1: option 'from' is not enforced");
  }

  @Test
  void agencyKeysThatCannotBeUsed_stillLoad_forThePolicyCheckToName() throws Exception {
    KeyGenerator.GeneratedKey old = madeDaysAgo("old agency", 40, 10);
    Files.writeString(dir.resolve("agencies/old.asc"), old.armoredPublic());
    KeySet keys = KeySet.load(dir, null);
    assertEquals(1, keys.agencies().get("old").encryptionProblems(Instant.now()).size());
  }

  /** A key made that many days ago, valid for that many days from then. */
  static KeyGenerator.GeneratedKey madeDaysAgo(String uid, int daysAgo, int validDays) {
    return KeyGenerator.generate(
        uid, Instant.now().minus(Duration.ofDays(daysAgo)), Duration.ofDays(validDays));
  }
}
