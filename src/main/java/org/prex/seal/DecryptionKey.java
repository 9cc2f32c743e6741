package org.prex.seal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * An agency's secret key, unlocked, for opening what prex sealed to it ({@code prex receive}, and
 * tests). Holds every encryption-capable secret key of the ring, expired ones included: an old
 * package stays openable after its key expired.
 */
public final class DecryptionKey {
  static final String PASSPHRASE_HINT = "give the passphrase of this key";

  private final PublicCert cert;
  private final List<PGPPrivateKey> keys;

  private DecryptionKey(PublicCert cert, List<PGPPrivateKey> keys) {
    this.cert = cert;
    this.keys = List.copyOf(keys);
  }

  /**
   * Loads and unlocks an agency's secret key, as {@code gpg --export-secret-keys --armor} writes.
   *
   * @param passphrase null or empty for an unprotected key
   */
  public static DecryptionKey read(Path file, char[] passphrase) throws KeyFileException {
    PGPSecretKeyRing ring = SecretRing.read(file);
    List<PGPPrivateKey> keys = new ArrayList<>();
    for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey k = it.next();
      if (k.getPublicKey().isEncryptionKey() && !k.isPrivateKeyEmpty()) {
        keys.add(SecretRing.unlock(file, k, passphrase, PASSPHRASE_HINT));
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException(file, "holds no secret encryption key");
    }
    return new DecryptionKey(new PublicCert(ring.toCertificate()), keys);
  }

  /** Fingerprint of the primary key. */
  public String fingerprint() {
    return cert.fingerprint();
  }

  /** The certificate of this key (what the exchange encrypts to). */
  public PublicCert publicCert() {
    return cert;
  }

  @Override
  public String toString() {
    return "decryption key " + fingerprint() + " <" + cert.userId() + ">";
  }

  /** The secret key a recipient entry names, or null; a wildcard entry matches none. */
  PGPPrivateKey keyFor(KeyIdentifier recipient) {
    for (PGPPrivateKey k : keys) {
      if (recipient.matchesExplicit(cert.ring().getPublicKey(k.getKeyID()).getKeyIdentifier())) {
        return k;
      }
    }
    return null;
  }

  List<PGPPrivateKey> keys() {
    return keys;
  }
}
