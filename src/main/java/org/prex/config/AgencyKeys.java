package org.prex.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;

/**
 * What is wrong with an agency's key, for policy validation: every agency the policy names needs a
 * certificate it can be encrypted to now ({@code keys/agencies/<id>.asc}).
 */
@FunctionalInterface
public interface AgencyKeys {
  /** Nothing is checked (the policy alone). */
  AgencyKeys UNCHECKED = agency -> List.of();

  /** Why the agency's key cannot be used; empty when it can. */
  List<String> problems(String agency);

  /** The certificates in a keys folder, {@code agencies/<id>.asc}, checked at {@code now}. */
  static AgencyKeys in(Path keysDir, Instant now) {
    return agency -> {
      Path file = keysDir.resolve("agencies").resolve(agency + ".asc");
      PublicCert cert;
      try {
        cert = PublicCert.read(file);
      } catch (KeyFileException e) {
        return List.of(e.getMessage());
      }
      List<String> out = new ArrayList<>();
      for (String p : cert.encryptionProblems(now)) {
        out.add(file + " (" + cert.fingerprint() + "): " + p);
      }
      return out;
    };
  }
}
