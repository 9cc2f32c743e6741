package org.prex.console.users;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 with HMAC-SHA-512 on the general line: BouncyCastle's, to check hashes a FIPS build made
 * (docs/console-accounts.md).
 */
final class Pbkdf2 {
  private Pbkdf2() {}

  /** PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA-512: {@code length} bytes. */
  static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
    generator.init(password, salt, iterations);
    return ((KeyParameter) generator.generateDerivedMacParameters(length * 8)).getKey();
  }
}
