package org.prex.console.users;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id on the general line: BouncyCastle's implementation (docs/console-accounts.md). */
final class Argon2id {
  private Argon2id() {}

  /**
   * Raw Argon2id, version 0x13 (RFC 9106, section 3); {@code secret} and {@code ad} may be null.
   */
  static byte[] derive(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] ad,
      int memoryKib,
      int iterations,
      int parallelism,
      int length) {
    Argon2Parameters.Builder b =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt);
    if (secret != null) {
      b.withSecret(secret);
    }
    if (ad != null) {
      b.withAdditional(ad);
    }
    Argon2Parameters params = b.build();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(params);
      byte[] out = new byte[length];
      generator.generateBytes(password, out);
      return out;
    } finally {
      params.clear();
      b.clear();
    }
  }
}
