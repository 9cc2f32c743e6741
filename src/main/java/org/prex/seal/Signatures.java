package org.prex.seal;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/** Making the exchange's signatures, and checking that one was made by the expected signer. */
final class Signatures {
  /** The hash of the signatures prex makes (docs/formats.md: SHA-256 or stronger). */
  static final int HASH = HashAlgorithmTags.SHA256;

  /**
   * The hash for a signature by {@code key}: SHA-256, or for ECDSA a hash as long as the curve's
   * order (SHA-384 on P-384, SHA-512 on P-521), which GnuPG requires and FIPS 186-5 advises.
   */
  static int hashFor(PGPPublicKey key) {
    if (key.getAlgorithm() == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.ECDSA) {
      int bits = key.getBitStrength();
      return bits > 384 ? HashAlgorithmTags.SHA512 : bits > 256 ? HashAlgorithmTags.SHA384 : HASH;
    }
    return HASH;
  }

  /** The name of {@code hash} in a cleartext signature's "Hash:" header. */
  static String hashName(int hash) {
    return switch (hash) {
      case HashAlgorithmTags.SHA384 -> "SHA384";
      case HashAlgorithmTags.SHA512 -> "SHA512";
      default -> "SHA256";
    };
  }

  /** Hashes accepted on signatures prex verifies. */
  private static final Set<Integer> STRONG_HASHES =
      Set.of(
          HashAlgorithmTags.SHA256,
          HashAlgorithmTags.SHA384,
          HashAlgorithmTags.SHA512,
          HashAlgorithmTags.SHA3_256,
          HashAlgorithmTags.SHA3_512);

  /** Clock skew tolerated between the signer and the verifier. */
  private static final Duration SKEW = Duration.ofMinutes(5);

  private Signatures() {}

  /**
   * A generator for one signature of {@code type} by {@code key}, made at {@code at}. The data is
   * hashed by the JDK's SHA-256 (SHA-NI where the CPU has it), signed by BouncyCastle.
   */
  static PGPSignatureGenerator generator(SigningKey key, int type, Instant at) throws PGPException {
    PGPPublicKey pub = key.publicKey();
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new JcaPGPContentSignerBuilder(pub.getAlgorithm(), hashFor(pub))
                .setProvider(Providers.BC)
                .setDigestProvider(Providers.JDK_DIGESTS),
            pub);
    generator.init(type, key.privateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(true, Date.from(at));
    hashed.setIssuerFingerprint(false, pub);
    generator.setHashedSubpackets(hashed.generate());
    return generator;
  }

  static PGPContentVerifierBuilderProvider verifiers() {
    return new JcaPGPContentVerifierBuilderProvider();
  }

  /**
   * The key of {@code signer} that made {@code sig}, after checking it could validly sign at the
   * signature's time with an acceptable hash; throws naming what is wrong otherwise.
   */
  static PGPPublicKey signerKey(PGPSignature sig, PublicCert signer, Instant now)
      throws SealException {
    List<KeyIdentifier> issuers = sig.getKeyIdentifiers();
    if (issuers.isEmpty()) {
      throw new SealException("refused: the signature does not name the key that made it");
    }
    if (!signer.hasKey(issuers)) {
      throw new SealException(
          "refused: signed by key "
              + PublicCert.describe(issuers.get(0))
              + ", not by the expected signer "
              + signer.fingerprint());
    }
    if (!STRONG_HASHES.contains(sig.getHashAlgorithm())) {
      throw new SealException(
          "refused: the signature uses a weak hash (algorithm id " + sig.getHashAlgorithm() + ")");
    }
    Instant made = sig.getCreationTime().toInstant();
    if (made.isAfter(now.plus(SKEW))) {
      throw new SealException("refused: the signature is dated in the future (" + made + ")");
    }
    PGPPublicKey key = signer.signingKeyAt(issuers, made);
    if (key == null) {
      List<String> problems = signer.verificationProblems(made);
      throw new SealException(
          "refused: the signer "
              + signer.fingerprint()
              + " could not sign at "
              + made
              + (problems.isEmpty() ? "" : " (" + String.join(", ", problems) + ")"));
    }
    return key;
  }
}
