package org.prex.seal;

/** The keys this line makes (docs/fips.md). */
final class KeyLine {
  /**
   * ECDSA and ECDH on NIST P-384: approved (FIPS 186-5, SP 800-56A), where X25519 key agreement is
   * not, and where the module refuses OpenPGP's RSA encryption (PKCS#1 v1.5) in approved-only mode.
   */
  static final KeyGenerator.Algorithm ALGORITHM = KeyGenerator.Algorithm.P384;

  private KeyLine() {}
}
