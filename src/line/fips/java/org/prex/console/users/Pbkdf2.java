package org.prex.console.users;

import org.bouncycastle.crypto.PasswordBasedDeriver;
import org.bouncycastle.crypto.fips.FipsOperationError;
import org.bouncycastle.crypto.fips.FipsPBKD;
import org.bouncycastle.crypto.fips.FipsSHS;
import org.prex.seal.CryptoLine;

/**
 * PBKDF2 with HMAC-SHA-512 on the FIPS line: the FIPS module's, in approved-only mode
 * (docs/fips.md, "Console passwords"). What the module would refuse is refused here first, with a
 * message.
 */
final class Pbkdf2 {
  /** The shortest password the module takes in approved-only mode: 112 bits. */
  static final int MIN_PASSWORD_BYTES = 14;

  /** The shortest salt it takes: 128 bits. */
  static final int MIN_SALT_BYTES = 16;

  private Pbkdf2() {}

  /**
   * PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA-512: {@code length} bytes.
   *
   * @throws IllegalArgumentException when the password or salt is shorter than the module takes
   * @throws IllegalStateException when the module refuses for another reason
   */
  static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
    if (password.length < MIN_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "the password is shorter than "
              + MIN_PASSWORD_BYTES
              + " bytes: PBKDF2 in approved-only mode takes at least 112 bits of password");
    }
    if (salt.length < MIN_SALT_BYTES) {
      throw new IllegalArgumentException(
          "the salt is shorter than "
              + MIN_SALT_BYTES
              + " bytes: approved-only mode takes 128 bits");
    }
    CryptoLine.atStart();
    try {
      FipsPBKD.Parameters parameters =
          FipsPBKD.PBKDF2
              .using(FipsSHS.Algorithm.SHA512_HMAC, password)
              .withSalt(salt)
              .withIterationCount(iterations);
      return new FipsPBKD.DeriverFactory()
          .createDeriver(parameters)
          .deriveKey(PasswordBasedDeriver.KeyType.MAC, length);
    } catch (FipsOperationError e) {
      // the module's errors are AssertionErrors: a refusal, never a crash of the caller
      throw new IllegalStateException("the FIPS module refused PBKDF2: " + e.getMessage());
    }
  }
}
