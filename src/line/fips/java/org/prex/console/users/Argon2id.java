package org.prex.console.users;

/**
 * Argon2id on the FIPS line: not there. It is not an approved algorithm, and bc-fips does not have
 * it; this line hashes console passwords with PBKDF2-HMAC-SHA512 and refuses Argon2id hashes before
 * they get here ({@link PasswordLine}, docs/fips.md). Refused, never replaced by another hash
 * without saying so.
 */
final class Argon2id {
  private Argon2id() {}

  static byte[] derive(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] ad,
      int memoryKib,
      int iterations,
      int parallelism,
      int length) {
    throw new UnsupportedOperationException(
        "Argon2id is not an approved algorithm: the FIPS build does not compute it (docs/fips.md)");
  }
}
