package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;

class KeyGeneratorTest {
  @TempDir static Path dir;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @Test
  void aGeneratedKey_isV4LegacyEd25519WithACv25519Subkey_advertisingOnlySeipdV1() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("nsa (test)", Instant.now(), null);
    List<PGPPublicKey> keys = new java.util.ArrayList<>();
    k.cert().ring().forEach(keys::add);
    assertEquals(2, keys.size());
    assertEquals(4, keys.get(0).getVersion());
    assertEquals(PublicKeyAlgorithmTags.EDDSA_LEGACY, keys.get(0).getAlgorithm());
    assertEquals(4, keys.get(1).getVersion());
    assertEquals(PublicKeyAlgorithmTags.ECDH, keys.get(1).getAlgorithm());
    assertFalse(k.cert().advertisesSeipdV2());
    assertEquals("nsa (test)", k.cert().userId());
    assertEquals(List.of(), k.cert().encryptionProblems(Instant.now()));
    assertEquals(List.of(), k.cert().verificationProblems(Instant.now()));
    assertTrue(k.cert().expiresAt().isEmpty());
    assertTrue(k.armoredSecret().startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    assertFalse(k.toString().contains("PRIVATE"));
  }

  @Test
  void gpg22_importsGeneratedKeys_asUsableForSigningAndEncryption() throws Exception {
    for (KeyGenerator.GeneratedKey k :
        List.of(
            KeyGenerator.generate("ed-agency@example.gov", Instant.now(), Duration.ofDays(400)),
            KeyGenerator.generateRsa("rsa-agency@example.gov", Instant.now(), null))) {
      gpg.importText(k.armoredSecret());
      String listing =
          gpg.run("--with-colons", "--list-secret-keys", k.fingerprint()).ok().stdout();
      // validity not i(nvalid), r(evoked), e(xpired); capabilities s(ign) c(ertify), key E(ncrypt)
      assertTrue(listing.matches("(?s)sec:[-qmfu]:.*:scESC:.*"), listing);
      assertTrue(listing.matches("(?s).*\\nssb:[-qmfu]:[^\\n]*:e:.*"), listing);
    }
  }

  @Test
  void theValidity_setsWhenTheKeyExpires() {
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("x", created, Duration.ofDays(30));
    assertEquals(created.plus(Duration.ofDays(30)), k.cert().expiresAt().orElseThrow());
  }

  @Test
  void anRsaKey_is3072Bits() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generateRsa("rsa", Instant.now(), null);
    k.cert().ring().forEach(key -> assertEquals(3072, key.getBitStrength()));
    assertEquals(List.of(), k.cert().encryptionProblems(Instant.now()));
  }
}
