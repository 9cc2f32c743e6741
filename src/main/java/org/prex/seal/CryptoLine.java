package org.prex.seal;

/**
 * Which cryptographic line this build is on (docs/fips.md): BouncyCastle's general line, or its
 * FIPS-validated module in approved-only mode. The line is chosen when the jar is built, never at
 * run time.
 */
public final class CryptoLine {
  private CryptoLine() {}

  /**
   * Sets up this line's JCA providers, first thing in every process (the CLI, an inspection
   * process). On the FIPS line: only the FIPS module and its TLS provider, checked (docs/fips.md).
   *
   * @throws IllegalStateException one line saying what is wrong and what to do
   */
  public static void atStart() {
    Providers.atStart();
  }

  /** One line for {@code --version} and {@code prex ready}. */
  public static String description() {
    return Providers.description();
  }
}
