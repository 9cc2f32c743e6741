package org.prex.seal;

/**
 * Which cryptographic line this build is on (docs/fips.md): BouncyCastle's general line, or its
 * FIPS-validated module in approved-only mode. The line is chosen when the jar is built, never at
 * run time.
 */
public final class CryptoLine {
  private CryptoLine() {}

  /** One line for {@code --version} and {@code prex ready}. */
  public static String description() {
    return Providers.description();
  }
}
