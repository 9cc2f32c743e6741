package org.prex.console.users;

/**
 * Console passwords on the general line (docs/console-accounts.md): new ones are hashed with
 * Argon2id; every hash prex reads is checked, PBKDF2-HMAC-SHA512 from a FIPS build too.
 */
final class PasswordLine {
  /** The hash new passwords get. */
  static final PasswordHash.Scheme NEW_HASHES = PasswordHash.Scheme.ARGON2ID;

  /** Its name, for help texts. */
  static final String NEW_HASH_NAME = "Argon2id";

  /** The fewest characters a password may have. */
  static final int MIN_PASSWORD = 12;

  private PasswordLine() {}

  /** Why this line will not check a hash of {@code scheme}: never, here. */
  static String refusal(PasswordHash.Scheme scheme) {
    return null;
  }
}
