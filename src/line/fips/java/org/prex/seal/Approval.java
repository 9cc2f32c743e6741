package org.prex.seal;

import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.ECDHPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * What approved-only mode may use (docs/fips.md): encryption by ECDH on NIST P-256, P-384 or P-521
 * (SP 800-56A), never to RSA (OpenPGP's PKCS#1 v1.5, which the module refuses); AES-GCM for SEIPDv2
 * (OCB is not approved).
 */
final class Approval {

  private static final Set<String> NIST_CURVES =
      Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35");

  /** How to make a key this line can use, with GnuPG: a primary key, then an encryption subkey. */
  private static final String GNUPG =
      "make a P-384 key with GnuPG (gpg --quick-generate-key NAME nistp384 sign,cert never, then"
          + " gpg --quick-add-key FINGERPRINT nistp384 encr never) and export it with gpg --export"
          + " --armor";

  private static final String HOW = ": FIPS approved-only mode may not encrypt to it; " + GNUPG;

  private Approval() {}

  /**
   * Why approved-only mode cannot use a certificate with this primary key: the FIPS module (bc-fips
   * 2.1.0) verifies no EdDSA signature in approved-only mode, so such a certificate's
   * self-signatures cannot be checked.
   */
  static List<String> certificateProblems(PGPPublicKey primary) {
    int algorithm = primary.getAlgorithm();
    if (algorithm == PublicKeyAlgorithmTags.EDDSA_LEGACY
        || algorithm == PublicKeyAlgorithmTags.Ed25519
        || algorithm == PublicKeyAlgorithmTags.Ed448) {
      return List.of(
          "its primary key is EdDSA, whose self-signatures the FIPS module cannot verify in"
              + " approved-only mode; "
              + GNUPG);
    }
    return List.of();
  }

  /** Why approved-only mode may not encrypt to {@code key}; empty when it may. */
  static List<String> encryptionKeyProblems(PGPPublicKey key) {
    if (key == null) {
      return List.of();
    }
    int algorithm = key.getAlgorithm();
    if (algorithm == PublicKeyAlgorithmTags.RSA_GENERAL
        || algorithm == PublicKeyAlgorithmTags.RSA_ENCRYPT) {
      // OpenPGP encrypts to RSA with PKCS#1 v1.5, which the module refuses in approved-only mode
      return List.of(
          "its encryption key is RSA-"
              + key.getBitStrength()
              + ", and OpenPGP's RSA encryption (PKCS#1 v1.5) is not approved (NIST SP 800-131A"
              + " Rev. 2 disallows PKCS#1 v1.5 key transport after 2023)"
              + HOW);
    }
    if (algorithm == PublicKeyAlgorithmTags.ECDH
        && key.getPublicKeyPacket().getKey() instanceof ECDHPublicBCPGKey ecdh) {
      ASN1ObjectIdentifier curve = ecdh.getCurveOID();
      return NIST_CURVES.contains(curve.getId())
          ? List.of()
          : List.of(
              "its encryption key is ECDH on "
                  + (curve.getId().equals("1.3.6.1.4.1.3029.1.5.1")
                      ? "Curve25519 (X25519)"
                      : "curve " + curve.getId())
                  + HOW);
    }
    String name =
        switch (algorithm) {
          case PublicKeyAlgorithmTags.X25519 -> "X25519";
          case PublicKeyAlgorithmTags.X448 -> "X448";
          case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL ->
              "ElGamal";
          default -> "of OpenPGP algorithm " + algorithm;
        };
    return List.of("its encryption key is " + name + HOW);
  }

  /**
   * Why approved-only mode cannot open SEIPDv2 data of this AEAD algorithm (the default build seals
   * OCB to a key that advertises SEIPDv2 without preferring GCM); empty for GCM.
   */
  static List<String> aeadProblems(int aeadAlgorithm) {
    if (aeadAlgorithm == AEADAlgorithmTags.GCM) {
      return List.of();
    }
    String name =
        switch (aeadAlgorithm) {
          case AEADAlgorithmTags.OCB -> "OCB";
          case AEADAlgorithmTags.EAX -> "EAX";
          default -> "AEAD algorithm " + aeadAlgorithm;
        };
    return List.of(
        "it was sealed with AES-"
            + name
            + ", which FIPS approved-only mode cannot open (only GCM is approved): open it with"
            + " the default build, or ask for packages to a key that prefers AES-256-GCM");
  }

  /** GCM, whatever the certificate prefers: OCB is not approved. */
  static int aead(int preferred) {
    return AEADAlgorithmTags.GCM;
  }
}
