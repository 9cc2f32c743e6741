package org.prex.remote;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the general line asks of JSch, the SSH client of prex's own sessions (its intake, receipts,
 * the review cycle, delivery): JSch's own defaults (docs/fips.md). The FIPS line's class of the
 * same name narrows them to approved algorithms.
 */
final class JschLine {
  private JschLine() {}

  /** Nothing to change on this line. */
  static void configure() {}

  /**
   * Why this line cannot check the host keys {@code knownHosts} holds for a server: never, here.
   */
  static Optional<String> hostKeyProblem(Path knownHosts, String host, int port) {
    return Optional.empty();
  }

  /** Why this line may not log in with the key in {@code keyFile}: never, here. */
  static Optional<String> identityProblem(Path keyFile) {
    return Optional.empty();
  }
}
