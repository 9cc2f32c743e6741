package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ECDHPublicBCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;

/**
 * The keys the FIPS line makes and takes (docs/fips.md): ECDSA and ECDH on P-384; an agency key
 * approved-only mode may not encrypt to (RSA, X25519) or whose self-signatures it cannot check
 * (EdDSA) is refused, with how to make one that works. The general line has its own test.
 */
class LineKeysTest {
  private static final String SECP384R1 = "1.3.132.0.34";

  @TempDir static Path dir;
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @Test
  void aGeneratedKey_isV4EcdsaP384_withAnEcdhP384Subkey_advertisingOnlySeipdV1() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generate("nsa (test)", Instant.now(), null);
    List<PGPPublicKey> keys = new ArrayList<>();
    k.cert().ring().forEach(keys::add);
    assertEquals(2, keys.size());
    PGPPublicKey primary = keys.get(0);
    assertEquals(4, primary.getVersion());
    assertEquals(PublicKeyAlgorithmTags.ECDSA, primary.getAlgorithm());
    assertEquals(
        SECP384R1,
        ((ECPublicBCPGKey) primary.getPublicKeyPacket().getKey()).getCurveOID().getId());
    PGPPublicKey encryption = keys.get(1);
    assertEquals(4, encryption.getVersion());
    assertEquals(PublicKeyAlgorithmTags.ECDH, encryption.getAlgorithm());
    ECDHPublicBCPGKey ecdh = (ECDHPublicBCPGKey) encryption.getPublicKeyPacket().getKey();
    assertEquals(SECP384R1, ecdh.getCurveOID().getId());
    assertEquals(HashAlgorithmTags.SHA384, ecdh.getHashAlgorithm());
    assertEquals(SymmetricKeyAlgorithmTags.AES_256, ecdh.getSymmetricKeyAlgorithm());
    assertFalse(k.cert().advertisesSeipdV2());
    assertEquals(List.of(), k.cert().encryptionProblems(Instant.now()));
    assertEquals(List.of(), k.cert().verificationProblems(Instant.now()));
    assertEquals(HashAlgorithmTags.SHA384, Signatures.hashFor(primary));
  }

  @Test
  void anRsa3072Key_isRefused_forItsPkcs1v15Encryption_sayingHowToMakeAP384Key() {
    KeyGenerator.GeneratedKey k = KeyGenerator.generateRsa("rsa", Instant.now(), null);
    List<String> problems = k.cert().encryptionProblems(Instant.now());
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("its encryption key is RSA-3072, and OpenPGP's RSA encryption"
            + " (PKCS#1 v1.5) is not approved"),
        problems.get(0));
    assertTrue(problems.get(0).contains("gpg --quick-add-key FINGERPRINT nistp384 encr"));
  }

  @Test
  void anX25519EncryptionSubkey_isRefused_evenUnderAP384PrimaryKey() throws Exception {
    String fpr = gpg.generate("x25519@example.gov", "nistp384", "cert,sign", "never");
    gpg.addSubkey(fpr, "cv25519", "encr", "never");
    PublicCert cert = export("x25519@example.gov");
    List<String> problems = cert.encryptionProblems(Instant.now());
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "its encryption key is ECDH on Curve25519 (X25519): FIPS approved-only mode may not"
                    + " encrypt to it; make a P-384 key with GnuPG"),
        problems.get(0));
    assertEquals(List.of(), cert.verificationProblems(Instant.now()), "it can still sign");
  }

  @Test
  void anEd25519Key_isRefused_asItsSelfSignaturesCannotBeChecked() throws Exception {
    gpg.generateAgency("ed25519@example.gov", "ed25519", "never");
    PublicCert cert = export("ed25519@example.gov");
    List<String> problems = cert.encryptionProblems(Instant.now());
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("its primary key is EdDSA"), problems.get(0));
    assertFalse(cert.verificationProblems(Instant.now()).isEmpty());
  }

  private static PublicCert export(String uid) throws Exception {
    Path f = dir.resolve(uid + ".asc");
    Files.writeString(f, gpg.exportPublic(uid));
    return PublicCert.read(f);
  }
}
