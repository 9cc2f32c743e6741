package org.prex.seal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites.Combination;
import org.bouncycastle.jcajce.spec.EdDSAParameterSpec;
import org.bouncycastle.jcajce.spec.XDHParameterSpec;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * Makes OpenPGP keys GnuPG 2.2 can use (it cannot read v6 packets): v4, a legacy EdDSA Ed25519
 * primary key (certify + sign) and a legacy ECDH Cv25519 encryption subkey, or the same shape in
 * RSA-3072; self-signed with SHA-512; advertising only MDC (SEIPDv1) in Features, so that GnuPG 2.2
 * and prex agree on SEIPDv1. Not BouncyCastle's v6 preset (algorithms 25/27), which GnuPG 2.2
 * cannot read.
 */
public final class KeyGenerator {
  private KeyGenerator() {}

  /** A fresh key: its certificate, and both parts armoured. The secret part is unprotected. */
  public record GeneratedKey(PublicCert cert, String armoredPublic, String armoredSecret) {
    public String fingerprint() {
      return cert.fingerprint();
    }

    @Override
    public String toString() {
      return "generated key " + fingerprint(); // never the secret
    }
  }

  /** The primary key algorithm of a generated key. */
  enum Algorithm {
    /** Legacy EdDSA Ed25519 (algorithm 22) + legacy ECDH Cv25519 (18). */
    ED25519_LEGACY,
    /** RSA-3072 primary and RSA-3072 encryption subkey. */
    RSA_3072,
    /**
     * ECDSA on NIST P-384 primary and ECDH P-384 encryption subkey (KDF SHA-384, AES-256 key wrap):
     * what approved-only mode can both sign with and encrypt to (docs/fips.md).
     */
    P384
  }

  /** Features a generated key advertises; SEIPDv2 only for tests of RFC 9580 recipients. */
  record Options(Algorithm algorithm, boolean seipdV2, List<Combination> aeadPreferences) {
    /** The line's key (docs/fips.md): Ed25519/Cv25519, or P-384 on the FIPS line. */
    static final Options GNUPG_22 = new Options(KeyLine.ALGORITHM, false, List.of());
  }

  /**
   * A v4 key of the line's algorithm (docs/fips.md): Ed25519/Cv25519 on the general line, ECDSA and
   * ECDH on P-384 on the FIPS line, where X25519 is not approved and RSA encryption (PKCS#1 v1.5)
   * is refused.
   *
   * @param validityOrNull how long after {@code created} the key expires; null for never
   */
  public static GeneratedKey generate(String userId, Instant created, Duration validityOrNull) {
    return generate(userId, created, validityOrNull, Options.GNUPG_22);
  }

  /** An RSA-3072 v4 key (primary certify + sign, subkey encrypt); slower to make. */
  public static GeneratedKey generateRsa(String userId, Instant created, Duration validityOrNull) {
    return generate(
        userId, created, validityOrNull, new Options(Algorithm.RSA_3072, false, List.of()));
  }

  static GeneratedKey generate(
      String userId, Instant created, Duration validityOrNull, Options options) {
    Objects.requireNonNull(userId, "userId");
    Providers.ensure();
    try {
      Date when = Date.from(created);
      PGPKeyPair primary = keyPair(options.algorithm(), true, when);
      PGPKeyPair encryption = keyPair(options.algorithm(), false, when);
      PGPSignatureSubpacketGenerator primaryPackets = primaryPackets(when, options);
      PGPSignatureSubpacketGenerator subPackets = new PGPSignatureSubpacketGenerator();
      subPackets.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
      subPackets.setSignatureCreationTime(true, when);
      if (validityOrNull != null) {
        primaryPackets.setKeyExpirationTime(true, validityOrNull.toSeconds());
        subPackets.setKeyExpirationTime(true, validityOrNull.toSeconds());
      }
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              primary,
              userId,
              new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
              primaryPackets.generate(),
              null,
              new JcaPGPContentSignerBuilder(
                      primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512)
                  .setProvider(Providers.BC),
              null);
      rings.addSubKey(encryption, subPackets.generate(), null);
      PublicCert cert = new PublicCert(rings.generatePublicKeyRing());
      return new GeneratedKey(cert, cert.armored(), armor(rings.generateSecretKeyRing()));
    } catch (GeneralSecurityException | PGPException e) {
      throw new IllegalStateException("cannot generate an OpenPGP key: " + e.getMessage(), e);
    }
  }

  private static PGPSignatureSubpacketGenerator primaryPackets(Date when, Options options) {
    PGPSignatureSubpacketGenerator packets = new PGPSignatureSubpacketGenerator();
    packets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
    packets.setPreferredSymmetricAlgorithms(
        false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
    packets.setPreferredHashAlgorithms(
        false,
        new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
    packets.setPreferredCompressionAlgorithms(
        false, new int[] {CompressionAlgorithmTags.UNCOMPRESSED});
    byte features = Features.FEATURE_MODIFICATION_DETECTION;
    if (options.seipdV2()) {
      features |= Features.FEATURE_SEIPD_V2;
      List<Combination> aead =
          options.aeadPreferences().isEmpty()
              ? List.of(new Combination(SymmetricKeyAlgorithmTags.AES_256, AEADAlgorithmTags.OCB))
              : options.aeadPreferences();
      packets.setPreferredAEADCiphersuites(false, aead.toArray(new Combination[0]));
    }
    packets.setFeature(false, features);
    packets.setSignatureCreationTime(true, when);
    return packets;
  }

  private static PGPKeyPair keyPair(Algorithm algorithm, boolean primary, Date when)
      throws GeneralSecurityException, PGPException {
    if (algorithm == Algorithm.P384) {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", Providers.BC);
      ec.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
      KeyPair pair = ec.generateKeyPair();
      return primary
          ? new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDSA, pair, when)
          : new JcaPGPKeyPair(
              PublicKeyPacket.VERSION_4,
              PublicKeyAlgorithmTags.ECDH,
              new org.bouncycastle.openpgp.PGPKdfParameters(
                  HashAlgorithmTags.SHA384, SymmetricKeyAlgorithmTags.AES_256),
              pair,
              when);
    }
    if (algorithm == Algorithm.RSA_3072) {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(3072);
      return new JcaPGPKeyPair(
          PublicKeyPacket.VERSION_4,
          PublicKeyAlgorithmTags.RSA_GENERAL,
          rsa.generateKeyPair(),
          when);
    }
    if (primary) {
      KeyPairGenerator ed = KeyPairGenerator.getInstance("EdDSA", Providers.BC);
      ed.initialize(new EdDSAParameterSpec(EdDSAParameterSpec.Ed25519));
      KeyPair pair = ed.generateKeyPair();
      return new JcaPGPKeyPair(
          PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY, pair, when);
    }
    KeyPairGenerator x = KeyPairGenerator.getInstance("XDH", Providers.BC);
    x.initialize(new XDHParameterSpec(XDHParameterSpec.X25519));
    return new JcaPGPKeyPair(
        PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, x.generateKeyPair(), when);
  }

  private static String armor(PGPSecretKeyRing ring) {
    return Armor.of(ring::encode, "a key");
  }
}
