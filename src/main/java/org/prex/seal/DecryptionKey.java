package org.prex.seal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/** An agency's secret key, for opening what prex sealed to it (tests, and {@code receive}). */
public final class DecryptionKey {
  private final String fingerprint;
  private final Map<Long, PGPPrivateKey> byKeyId;

  private DecryptionKey(String fingerprint, Map<Long, PGPPrivateKey> byKeyId) {
    this.fingerprint = fingerprint;
    this.byKeyId = Map.copyOf(byKeyId);
  }

  public static DecryptionKey read(Path file, char[] passphrase) throws KeyFileException {
    PGPSecretKeyRing ring = SecretRing.read(file);
    Map<Long, PGPPrivateKey> keys = new HashMap<>();
    for (PGPSecretKey k : ring) {
      if (k.getPublicKey().isEncryptionKey() && !k.isPrivateKeyEmpty()) {
        keys.put(k.getKeyID(), SecretRing.unlock(file, k, passphrase));
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException(file, "holds no secret encryption key");
    }
    return new DecryptionKey(PublicCert.fingerprint(ring.getPublicKey()), keys);
  }

  public String fingerprint() {
    return fingerprint;
  }

  Map<Long, PGPPrivateKey> keys() {
    return byKeyId;
  }
}
