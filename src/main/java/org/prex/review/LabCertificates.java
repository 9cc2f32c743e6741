package org.prex.review;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;

/**
 * The OpenPGP certificates labs publish to get their findings back: {@code keys/labs/<lab>.asc}
 * (docs/review-cycle.md), read when findings are ready for the lab, so that one published while
 * prex runs is used without a restart. A lab without a usable one has none: its findings wait.
 */
final class LabCertificates {
  private LabCertificates() {}

  static Function<String, Optional<PublicCert>> in(Path keysDir, java.time.Clock clock) {
    return lab -> {
      if (lab == null || lab.contains("/") || lab.startsWith(".")) {
        return Optional.empty();
      }
      Path file = keysDir.resolve("labs").resolve(lab + ".asc");
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        PublicCert cert = PublicCert.read(file);
        return cert.encryptionProblems(clock.instant()).isEmpty()
            ? Optional.of(cert)
            : Optional.empty();
      } catch (KeyFileException e) {
        return Optional.empty();
      }
    };
  }
}
