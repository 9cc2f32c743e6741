package org.prex.console.users;

/**
 * Argon2id on the FIPS line: not there. It is not an approved algorithm, and bc-fips does not have
 * it; console passwords in the FIPS build are not available yet (docs/fips.md). Refused, never
 * replaced by a weaker hash without saying so.
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
        "console passwords are Argon2id, which is not an approved algorithm: the FIPS build does"
            + " not have console accounts yet (docs/fips.md)");
  }
}
