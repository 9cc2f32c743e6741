package org.prex.seal;

/** The keys this line makes (docs/fips.md). */
final class KeyLine {
  /** Ed25519 signing, Cv25519 encryption: small, fast, and read by GnuPG 2.2. */
  static final KeyGenerator.Algorithm ALGORITHM = KeyGenerator.Algorithm.ED25519_LEGACY;

  private KeyLine() {}
}
