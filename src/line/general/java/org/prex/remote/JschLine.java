package org.prex.remote;

/**
 * What the general line asks of JSch, the SSH client of prex's own sessions (its intake, receipts,
 * the review cycle, delivery): JSch's own defaults (docs/fips.md). The FIPS line's class of the
 * same name narrows them to approved algorithms.
 */
final class JschLine {
  private JschLine() {}

  /** Nothing to change on this line. */
  static void configure() {}
}
