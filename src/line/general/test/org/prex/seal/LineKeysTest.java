package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.Test;

/** The keys the general line makes and takes (docs/fips.md); the FIPS line has its own test. */
class LineKeysTest {
  @Test
  void aGeneratedKey_isV4LegacyEd25519WithACv25519Subkey_advertisingOnlySeipdV1() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("nsa (test)", Instant.now(), null);
    List<PGPPublicKey> keys = new ArrayList<>();
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
  void anRsaKey_is3072Bits_andCanBeEncryptedTo() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generateRsa("rsa", Instant.now(), null);
    k.cert().ring().forEach(key -> assertEquals(3072, key.getBitStrength()));
    assertEquals(List.of(), k.cert().encryptionProblems(Instant.now()));
  }

  @Test
  void anEd25519Key_signsWithSha256() {
    KeyGenerator.GeneratedKey key =
        KeyGenerator.generate("exchange <x@example>", Instant.now(), null);
    assertEquals(HashAlgorithmTags.SHA256, Signatures.hashFor(key.cert().ring().getPublicKey()));
  }
}
