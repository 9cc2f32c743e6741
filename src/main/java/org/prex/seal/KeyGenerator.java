package org.prex.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jcajce.spec.EdDSAParameterSpec;
import org.bouncycastle.jcajce.spec.XDHParameterSpec;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * Makes OpenPGP keys GnuPG 2.2 can use (pitfall 7): v4, a legacy EdDSA Ed25519 primary key (certify
 * + sign) and a legacy ECDH Cv25519 encryption subkey, advertising only SEIPDv1 (MDC) — not
 * BouncyCastle's v6 preset, which GnuPG 2.2 cannot read.
 */
public final class KeyGenerator {
  private KeyGenerator() {}

  /** A key pair, unprotected; its secret part is for writing to an owner-only file at once. */
  public record GeneratedKey(PublicCert cert, String armoredPublic, String armoredSecret) {
    public String fingerprint() {
      return cert.fingerprint();
    }
  }

  public static GeneratedKey generate(String userId, Instant created, Duration validityOrNull) {
    Providers.ensure();
    try {
      Date when = Date.from(created);
      KeyPairGenerator ed = KeyPairGenerator.getInstance("EdDSA", Providers.BC);
      ed.initialize(new EdDSAParameterSpec(EdDSAParameterSpec.Ed25519));
      PGPKeyPair primary =
          new JcaPGPKeyPair(
              PublicKeyPacket.VERSION_4,
              PublicKeyAlgorithmTags.EDDSA_LEGACY,
              ed.generateKeyPair(),
              when);
      KeyPairGenerator x = KeyPairGenerator.getInstance("XDH", Providers.BC);
      x.initialize(new XDHParameterSpec(XDHParameterSpec.X25519));
      PGPKeyPair encryption =
          new JcaPGPKeyPair(
              PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, x.generateKeyPair(), when);

      PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
      primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
      primaryPackets.setPreferredSymmetricAlgorithms(
          false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
      primaryPackets.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      primaryPackets.setPreferredCompressionAlgorithms(false, new int[] {0});
      primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
      primaryPackets.setSignatureCreationTime(true, when);
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
                      PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512)
                  .setProvider(Providers.BC),
              null);
      rings.addSubKey(encryption, subPackets.generate(), null);
      PGPPublicKeyRing pub = rings.generatePublicKeyRing();
      PGPSecretKeyRing sec = rings.generateSecretKeyRing();
      PublicCert cert = new PublicCert(pub);
      return new GeneratedKey(cert, cert.armored(), armor(sec));
    } catch (GeneralSecurityException | PGPException e) {
      throw new IllegalStateException("cannot generate an OpenPGP key: " + e.getMessage(), e);
    }
  }

  private static String armor(PGPSecretKeyRing ring) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      ring.encode(armor);
    } catch (IOException e) {
      throw new IllegalStateException("cannot armour a key in memory", e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
