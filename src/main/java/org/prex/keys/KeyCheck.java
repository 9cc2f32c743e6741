package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.prex.console.ConsoleCertificate;
import org.prex.files.OwnerOnly;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/**
 * {@code keys check}: every key of a key folder, checked for its role, each problem named with its
 * file; never throws for a bad key. ERROR: the exchange cannot use it (missing, unparsable,
 * expired, revoked, no encryption subkey for an agency or the quarantine, no signing capability, a
 * {@code signing.pub.asc} that is not signing.asc's, a bad authorized_keys line or id). WARNING: it
 * works but needs attention (expiring within 30 days, example keys, secrets that belong elsewhere,
 * files prex ignores).
 */
public final class KeyCheck {
  /** Keys expiring sooner than this are warned about. */
  public static final Duration SOON = Duration.ofDays(30);

  private KeyCheck() {}

  public enum Severity {
    ERROR,
    WARNING
  }

  /** One problem: the file it is about, how bad, and what is wrong, in words. */
  public record KeyProblem(Path file, Severity severity, String problem) {
    @Override
    public String toString() {
      return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + file + ": " + problem;
    }
  }

  /** Checks a key folder whose signing key has no passphrase. */
  public static List<KeyProblem> check(Path keysDir, Instant now) {
    return check(keysDir, now, new char[0]);
  }

  /** Checks a key folder; {@code signingPassphrase} unlocks the signing key if it has one. */
  public static List<KeyProblem> check(Path keysDir, Instant now, char[] signingPassphrase) {
    Checker c = new Checker(keysDir, now);
    if (!Files.isDirectory(keysDir)) {
      c.error(keysDir, "no such keys folder");
      return c.problems;
    }
    try {
      boolean example = c.checkExchange(signingPassphrase);
      c.checkLabs(example);
      c.checkAgencies(example);
      c.checkConsole(example);
      if (example) {
        c.warn(keysDir, "these are EXAMPLE keys, public in the repository: not for real use");
      }
    } catch (IOException e) {
      c.error(keysDir, "cannot list keys (" + e.getClass().getSimpleName() + ")");
    }
    return c.problems;
  }

  /**
   * Warnings for a data folder (it holds plaintext while items are handled, and the log) that group
   * or others may read or enter: the folder itself, then the first few entries below it. Nothing
   * when the folder does not exist.
   */
  public static List<KeyProblem> dataFolder(Path data) {
    List<KeyProblem> problems = new ArrayList<>();
    List<String> open;
    try {
      open = OwnerOnly.openEntries(data);
    } catch (IOException e) {
      problems.add(
          new KeyProblem(
              data,
              Severity.WARNING,
              "cannot read the data folder's modes (" + e.getClass().getSimpleName() + ")"));
      return problems;
    }
    int shown = Math.min(open.size(), 5);
    for (String entry : open.subList(0, shown)) {
      problems.add(
          new KeyProblem(
              data,
              Severity.WARNING,
              "open to group or others: "
                  + entry
                  + " (make folders 0700 and files 0600; prex serve does so at start)"));
    }
    if (open.size() > shown) {
      problems.add(
          new KeyProblem(
              data,
              Severity.WARNING,
              "and " + (open.size() - shown) + " more entries open to group or others"));
    }
    return problems;
  }

  /** One run of the check, collecting problems in file order. */
  private static final class Checker {
    final Path dir;
    final Instant now;
    final List<KeyProblem> problems = new ArrayList<>();

    Checker(Path dir, Instant now) {
      this.dir = dir;
      this.now = now;
    }

    void error(Path file, String problem) {
      problems.add(new KeyProblem(file, Severity.ERROR, problem));
    }

    void warn(Path file, String problem) {
      problems.add(new KeyProblem(file, Severity.WARNING, problem));
    }

    /**
     * Checks console/ when it is there (the console is optional): its certificate and key load and
     * are valid now, the key is owner-only, and the certificate does not expire within {@link
     * #SOON}; and console-users, when there, reads (docs/console.md).
     */
    void checkConsole(boolean example) {
      Path cert = ConsoleCertificate.certificate(dir);
      if (Files.exists(cert) || Files.exists(ConsoleCertificate.key(dir))) {
        try {
          java.security.cert.X509Certificate c = ConsoleCertificate.load(dir).certificate();
          if (c.getNotAfter().toInstant().isBefore(now.plus(SOON))) {
            warn(cert, "the console's TLS certificate expires on " + c.getNotAfter().toInstant());
          }
        } catch (IllegalArgumentException e) {
          error(cert, e.getMessage());
        }
        if (!example && Files.exists(ConsoleCertificate.key(dir))) {
          ownerOnly(ConsoleCertificate.key(dir));
        }
      }
      try {
        org.prex.console.users.ConsoleUsers.read(dir);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        error(org.prex.console.users.ConsoleUsers.file(dir), e.getMessage());
      }
    }

    /** Checks exchange/; returns whether the set is marked as an example. */
    boolean checkExchange(char[] passphrase) {
      Optional<SigningKey> signing = checkSigning(passphrase);
      Optional<PublicCert> quarantine = checkRecipient(KeyLayout.quarantine(dir));
      boolean example =
          Files.exists(dir.resolve(KeyLayout.EXAMPLE_MARKER))
              || signing.map(s -> s.publicCert().userId().contains("EXAMPLE")).orElse(false)
              || quarantine.map(q -> q.userId().contains("EXAMPLE")).orElse(false);
      Path officerSecret = KeyLayout.quarantineSecret(dir);
      if (Files.exists(officerSecret) && !example) {
        warn(
            officerSecret,
            "the security officer's secret key is on the exchange host; move it to the officer");
      }
      if (!example) { // example secrets are public anyway, and git does not keep file modes
        for (Path secret : List.of(KeyLayout.signing(dir), KeyLayout.hostKey(dir))) {
          if (Files.exists(secret)) {
            ownerOnly(secret);
          }
        }
      }
      return example;
    }

    private Optional<SigningKey> checkSigning(char[] passphrase) {
      Path file = KeyLayout.signing(dir);
      Optional<SigningKey> key = Optional.empty();
      try {
        SigningKey k = SigningKey.read(file, passphrase);
        key = Optional.of(k);
        k.problems(now).forEach(p -> error(file, "signing key " + k.fingerprint() + ": " + p));
        expiringSoon(file, k.publicCert());
      } catch (KeyFileException e) {
        error(file, problemOf(e));
      } catch (RuntimeException e) {
        error(file, unexpected(e));
      }
      Path pub = KeyLayout.signingPublic(dir);
      try {
        PublicCert cert = PublicCert.read(pub);
        key.filter(k -> !k.fingerprint().equals(cert.fingerprint()))
            .ifPresent(
                k ->
                    error(
                        pub,
                        "is certificate "
                            + cert.fingerprint()
                            + ", not the public part of signing.asc ("
                            + k.fingerprint()
                            + ")"));
      } catch (KeyFileException e) {
        error(pub, problemOf(e));
      } catch (RuntimeException e) {
        error(pub, unexpected(e));
      }
      return key;
    }

    /** Checks a certificate that the exchange encrypts to (an agency, a lab, the quarantine). */
    Optional<PublicCert> checkRecipient(Path file) {
      try {
        PublicCert cert = PublicCert.read(file);
        cert.encryptionProblems(now)
            .forEach(p -> error(file, "key " + cert.fingerprint() + ": " + p));
        if (cert.encryptionProblems(now).isEmpty()) {
          expiringSoon(file, cert);
        }
        return Optional.of(cert);
      } catch (KeyFileException e) {
        error(file, problemOf(e));
      } catch (RuntimeException e) {
        error(file, unexpected(e));
      }
      return Optional.empty();
    }

    void checkLabs(boolean example) throws IOException {
      Path labs = KeyLayout.labs(dir);
      List<Path> files = KeyLayout.labFiles(dir);
      if (files.isEmpty()) {
        warn(labs, "no lab keys: no lab can log in");
      }
      for (Path f : files) {
        try {
          KeySet.labId(f);
          LabKeys.parse(f).problems().forEach(p -> error(f, p));
        } catch (KeyFileException e) {
          error(f, problemOf(e));
        }
      }
      for (Path f : KeyLayout.list(labs)) {
        String name = KeyLayout.name(f);
        if (name.endsWith(KeyLayout.PUB)) {
          continue;
        }
        if (name.endsWith(KeyLayout.SECRET_ASC)) {
          if (!example) {
            warn(
                f,
                "a lab's OpenPGP secret key is on the exchange host; give it to the lab, remove"
                    + " it");
          }
          continue;
        }
        if (name.endsWith(KeyLayout.ASC)) {
          // the certificate a lab publishes to get its findings back (docs/review-cycle.md)
          String lab = name.substring(0, name.length() - KeyLayout.ASC.length());
          if (files.contains(labs.resolve(lab + KeyLayout.PUB))) {
            checkRecipient(f);
          } else {
            warn(f, "a findings certificate for '" + lab + "', which has no labs/" + lab + ".pub");
          }
          continue;
        }
        if (files.contains(labs.resolve(name + KeyLayout.PUB))) {
          if (!example) {
            warn(
                f,
                "a lab's SSH private key is on the exchange host; give it to the lab, remove it");
          }
        } else {
          warn(
              f,
              "ignored: not a lab key file (expected labs/<lab>.pub, and labs/<lab>.asc for"
                  + " findings)");
        }
      }
    }

    void checkAgencies(boolean example) throws IOException {
      Path agencies = KeyLayout.agencies(dir);
      List<Path> files = KeyLayout.agencyFiles(dir);
      if (files.isEmpty()) {
        warn(agencies, "no agency certificates: nothing can be delivered");
      }
      for (Path f : files) {
        try {
          KeySet.agencyId(f);
          checkRecipient(f);
        } catch (KeyFileException e) {
          error(f, problemOf(e));
        }
      }
      for (Path f : KeyLayout.list(agencies)) {
        String name = KeyLayout.name(f);
        if (name.endsWith(KeyLayout.SECRET_ASC)) {
          if (!example) {
            warn(
                f,
                "an agency's secret key is on the exchange host; give it to the agency, remove it");
          }
        } else if (name.endsWith(KeyLayout.SSH_PUB)) {
          checkAgencyAccount(f);
        } else if (name.endsWith(".ssh") && Files.exists(agencies.resolve(name + ".pub"))) {
          if (!example) {
            warn(
                f,
                "an agency's SSH private key is on the exchange host; give it to the agency,"
                    + " remove it");
          }
        } else if (!name.endsWith(KeyLayout.ASC)) {
          warn(
              f,
              "ignored: not an agency certificate or account (expected agencies/<id>.asc or"
                  + " agencies/<id>.ssh.pub)");
        }
      }
    }

    /**
     * An agency's drop-box account (docs/review-cycle.md): usable authorized_keys lines, and an
     * agency with a certificate that is not also a lab.
     */
    private void checkAgencyAccount(Path f) {
      String id = KeyLayout.idOf(f, KeyLayout.SSH_PUB);
      if (!Files.exists(KeyLayout.agencies(dir).resolve(id + KeyLayout.ASC))) {
        error(
            f,
            "an SSH key for agency '"
                + id
                + "', which has no certificate agencies/"
                + id
                + KeyLayout.ASC);
        return;
      }
      if (Files.exists(KeyLayout.labs(dir).resolve(id + KeyLayout.PUB))) {
        error(f, "'" + id + "' is also a lab: one SFTP user name can be one account only");
        return;
      }
      try {
        LabKeys.Parsed parsed = LabKeys.parse(f);
        for (String problem : parsed.problems()) {
          error(f, problem);
        }
      } catch (KeyFileException e) {
        error(f, problemOf(e));
      }
    }

    private void expiringSoon(Path file, PublicCert cert) {
      cert.expiresAt()
          .filter(t -> t.isAfter(now) && t.isBefore(now.plus(SOON)))
          .ifPresent(
              t ->
                  warn(
                      file, "key " + cert.fingerprint() + " expires on " + t + ", within 30 days"));
    }

    private void ownerOnly(Path file) {
      try {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        boolean open =
            perms.stream()
                .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        if (open) {
          warn(
              file,
              "secret key readable by others ("
                  + PosixFilePermissions.toString(perms)
                  + "); make it owner-only (chmod 600)");
        }
      } catch (IOException | UnsupportedOperationException e) {
        // permissions unreadable, or not a POSIX file system: nothing to say
      }
    }
  }

  private static String unexpected(RuntimeException e) {
    return "cannot be evaluated (" + e.getClass().getSimpleName() + ")";
  }

  private static String problemOf(KeyFileException e) {
    String m = e.getMessage();
    String prefix = e.file() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
