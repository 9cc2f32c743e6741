package org.prex.seal;

/** The keys this line makes (docs/fips.md). */
final class KeyLine {
  /**
   * RSA-3072 for signing and encryption: approved (FIPS 186-5, SP 800-56B), where X25519 key
   * agreement is not.
   */
  static final KeyGenerator.Algorithm ALGORITHM = KeyGenerator.Algorithm.RSA_3072;

  private KeyLine() {}
}
