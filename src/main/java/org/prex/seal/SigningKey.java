package org.prex.seal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * The exchange's secret signing key ({@code keys/exchange/signing.asc}), unlocked. Signs with the
 * newest signing-capable key of the ring whose secret part is present.
 */
public final class SigningKey {
  static final String PASSPHRASE_HINT = "set PREX_SIGNING_PASSPHRASE";

  private final PublicCert cert;

  /** The signing subkey's public and (unlocked) private part; never leaves this package. */
  private final PGPKeyPair key;

  private SigningKey(PublicCert cert, PGPKeyPair key) {
    this.cert = cert;
    this.key = key;
  }

  /**
   * Loads and unlocks the signing key, as {@code gpg --export-secret-keys --armor} writes it.
   *
   * @param passphrase null or empty for an unprotected key
   */
  public static SigningKey read(Path file, char[] passphrase) throws KeyFileException {
    PGPSecretKeyRing ring = SecretRing.read(file);
    PublicCert cert = new PublicCert(ring.toCertificate());
    Validity validity = cert.validity();
    PGPSecretKey secret = newestWithSecret(ring, validity.usableSigningKeys(Instant.now()));
    if (secret == null) {
      // None is valid now (expired, revoked…): load one anyway, so that problems() can say why.
      secret = newestWithSecret(ring, validity.signingCapable());
    }
    if (secret == null) {
      throw new KeyFileException(
          file,
          validity.signingCapable().isEmpty()
              ? "has no signing-capable key"
              : "holds no secret part for its signing key (only a stub, e.g. on a smartcard)");
    }
    PGPPrivateKey key = SecretRing.unlock(file, secret, passphrase, PASSPHRASE_HINT);
    return new SigningKey(cert, new PGPKeyPair(secret.getPublicKey(), key));
  }

  private static PGPSecretKey newestWithSecret(
      PGPSecretKeyRing ring, List<PGPPublicKey> candidates) {
    List<PGPPublicKey> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing(PGPPublicKey::getCreationTime).reversed());
    for (PGPPublicKey k : sorted) {
      PGPSecretKey secret = ring.getSecretKey(k.getKeyIdentifier());
      if (secret != null && !secret.isPrivateKeyEmpty()) {
        return secret;
      }
    }
    return null;
  }

  /** Fingerprint of the primary key (what {@code gpg} shows as the signer). */
  public String fingerprint() {
    return cert.fingerprint();
  }

  /** The certificate that verifies this key's signatures. */
  public PublicCert publicCert() {
    return cert;
  }

  /** Empty when signatures made at {@code now} are valid; otherwise why not. */
  public List<String> problems(Instant now) {
    return cert.verificationProblems(now);
  }

  @Override
  public String toString() {
    return "signing key " + fingerprint() + " <" + cert.userId() + ">";
  }

  PGPPublicKey publicKey() {
    return key.getPublicKey();
  }

  PGPPrivateKey privateKey() {
    return key.getPrivateKey();
  }
}
