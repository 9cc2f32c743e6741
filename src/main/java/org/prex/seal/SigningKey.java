package org.prex.seal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/** The exchange's secret signing key ({@code keys/exchange/signing.asc}). */
public final class SigningKey {
  private final PublicCert cert;
  private final PGPPublicKey publicKey;
  private final PGPPrivateKey privateKey;

  private SigningKey(PublicCert cert, PGPPublicKey publicKey, PGPPrivateKey privateKey) {
    this.cert = cert;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /** Loads and unlocks the signing key; the passphrase may be empty for an unprotected key. */
  public static SigningKey read(Path file, char[] passphrase) throws KeyFileException {
    PGPSecretKeyRing ring = SecretRing.read(file);
    PublicCert cert = new PublicCert(ring.toCertificate());
    List<PGPPublicKey> signing = cert.signingKeys();
    if (signing.isEmpty()) {
      throw new KeyFileException(file, "has no signing-capable key");
    }
    PGPPublicKey key = signing.get(signing.size() - 1);
    var secret = ring.getSecretKey(key.getKeyID());
    if (secret == null || secret.isPrivateKeyEmpty()) {
      throw new KeyFileException(file, "holds no secret part for its signing key");
    }
    return new SigningKey(cert, key, SecretRing.unlock(file, secret, passphrase));
  }

  public String fingerprint() {
    return cert.fingerprint();
  }

  public PublicCert publicCert() {
    return cert;
  }

  public List<String> problems(Instant now) {
    return cert.verificationProblems(now);
  }

  PGPPublicKey publicKey() {
    return publicKey;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }
}
