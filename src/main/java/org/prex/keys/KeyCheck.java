package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/** {@code keys check}: every key for its role, each problem named with its file. Never throws. */
public final class KeyCheck {
  static final Duration SOON = Duration.ofDays(30);

  private KeyCheck() {}

  public enum Severity {
    ERROR,
    WARNING
  }

  public record KeyProblem(Path file, Severity severity, String problem) {}

  public static List<KeyProblem> check(Path dir, Instant now) {
    return check(dir, now, new char[0]);
  }

  public static List<KeyProblem> check(Path dir, Instant now, char[] signingPassphrase) {
    List<KeyProblem> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      out.add(new KeyProblem(dir, Severity.ERROR, "no such keys folder"));
      return out;
    }
    try {
      List<Path> labs = KeyLayout.labFiles(dir);
      if (labs.isEmpty()) {
        out.add(
            new KeyProblem(
                KeyLayout.labs(dir), Severity.WARNING, "no lab keys: no lab can log in"));
      }
      for (Path f : labs) {
        String id = KeyLayout.idOf(f, ".pub");
        if (!KeyLayout.ID.matcher(id).matches() || id.equals(KeyLayout.RESERVED_LAB)) {
          out.add(new KeyProblem(f, Severity.ERROR, "'" + id + "' is not a valid lab id"));
          continue;
        }
        try {
          LabKeys.read(f);
        } catch (KeyFileException e) {
          out.add(new KeyProblem(f, Severity.ERROR, problemOf(e)));
        }
      }
      List<Path> agencies = KeyLayout.agencyFiles(dir);
      if (agencies.isEmpty()) {
        out.add(
            new KeyProblem(KeyLayout.agencies(dir), Severity.WARNING, "no agency certificates"));
      }
      for (Path f : agencies) {
        String id = KeyLayout.idOf(f, ".asc");
        if (!KeyLayout.ID.matcher(id).matches()) {
          out.add(new KeyProblem(f, Severity.ERROR, "'" + id + "' is not a valid agency id"));
          continue;
        }
        checkRecipient(f, now, out);
      }
      Optional<SigningKey> signing = checkSigning(dir, now, signingPassphrase, out);
      checkRecipient(KeyLayout.quarantine(dir), now, out);
      if (Files.exists(dir.resolve(KeyLayout.EXAMPLE_MARKER))
          || signing.map(s -> s.publicCert().userId().contains("EXAMPLE")).orElse(false)) {
        out.add(
            new KeyProblem(
                dir,
                Severity.WARNING,
                "these are EXAMPLE keys, public in the repository: not for real use"));
      }
    } catch (IOException e) {
      out.add(
          new KeyProblem(
              dir, Severity.ERROR, "cannot list keys (" + e.getClass().getSimpleName() + ")"));
    }
    return out;
  }

  private static void checkRecipient(Path f, Instant now, List<KeyProblem> out) {
    if (!Files.isRegularFile(f)) {
      out.add(new KeyProblem(f, Severity.ERROR, "missing"));
      return;
    }
    try {
      PublicCert cert = PublicCert.read(f);
      for (String p : cert.encryptionProblems(now)) {
        out.add(new KeyProblem(f, Severity.ERROR, "key " + cert.fingerprint() + " " + p));
      }
      cert.expiresAt()
          .filter(t -> t.isAfter(now) && t.isBefore(now.plus(SOON)))
          .ifPresent(
              t ->
                  out.add(
                      new KeyProblem(
                          f,
                          Severity.WARNING,
                          "key " + cert.fingerprint() + " expires on " + t + ", within 30 days")));
    } catch (KeyFileException e) {
      out.add(new KeyProblem(f, Severity.ERROR, problemOf(e)));
    }
  }

  private static Optional<SigningKey> checkSigning(
      Path dir, Instant now, char[] passphrase, List<KeyProblem> out) {
    Path f = KeyLayout.signing(dir);
    if (!Files.isRegularFile(f)) {
      out.add(new KeyProblem(f, Severity.ERROR, "missing"));
      return Optional.empty();
    }
    try {
      SigningKey key = SigningKey.read(f, passphrase);
      for (String p : key.problems(now)) {
        out.add(new KeyProblem(f, Severity.ERROR, "key " + key.fingerprint() + " " + p));
      }
      Path pub = KeyLayout.signingPublic(dir);
      try {
        if (!PublicCert.read(pub).fingerprint().equals(key.fingerprint())) {
          out.add(
              new KeyProblem(
                  pub,
                  Severity.ERROR,
                  "is not the public part of signing.asc (" + key.fingerprint() + ")"));
        }
      } catch (KeyFileException e) {
        out.add(new KeyProblem(pub, Severity.ERROR, problemOf(e)));
      }
      return Optional.of(key);
    } catch (KeyFileException e) {
      out.add(new KeyProblem(f, Severity.ERROR, problemOf(e)));
      return Optional.empty();
    }
  }

  private static String problemOf(KeyFileException e) {
    String m = e.getMessage();
    String prefix = e.file() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
