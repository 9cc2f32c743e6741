package org.prex.console.users;

/**
 * Console passwords on the FIPS line (docs/fips.md, "Console passwords"): PBKDF2 with HMAC-SHA-512,
 * the approved way to hash a password; Argon2id is not approved, and hashes of it are refused.
 */
final class PasswordLine {
  /** The hash new passwords get. */
  static final PasswordHash.Scheme NEW_HASHES = PasswordHash.Scheme.PBKDF2_SHA512;

  /** Its name, for help texts. */
  static final String NEW_HASH_NAME = "PBKDF2-HMAC-SHA512";

  /**
   * The fewest characters a password may have: 14 characters are at least 14 bytes in UTF-8, the
   * 112 bits of password the FIPS module's PBKDF2 takes in approved-only mode.
   */
  static final int MIN_PASSWORD = 14;

  private PasswordLine() {}

  /** Why this line will not check a hash of {@code scheme}; null when it does. */
  static String refusal(PasswordHash.Scheme scheme) {
    if (scheme == PasswordHash.Scheme.PBKDF2_SHA512) {
      return null;
    }
    return "its password hash is "
        + scheme.label()
        + ", which is not a FIPS-approved algorithm and which the FIPS build cannot check; set its"
        + " password again with the FIPS jar";
  }
}
