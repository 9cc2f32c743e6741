package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/**
 * A deployment's key folder (docs/deployment.md), loaded: every key the exchange needs to run.
 * Loading stops at the first file that cannot be used, naming it; {@link KeyCheck} lists every
 * problem instead.
 */
public final class KeySet {
  private final Path dir;
  private final SortedMap<String, List<PublicKey>> labSshKeys;
  private final SortedMap<String, PublicCert> agencies;
  private final SortedMap<String, List<PublicKey>> agencySshKeys;
  private final SigningKey signingKey;
  private final PublicCert quarantineCert;
  private final boolean example;

  private KeySet(
      Path dir,
      SortedMap<String, List<PublicKey>> labSshKeys,
      SortedMap<String, PublicCert> agencies,
      SortedMap<String, List<PublicKey>> agencySshKeys,
      SigningKey signingKey,
      PublicCert quarantineCert,
      boolean example) {
    this.dir = dir;
    this.labSshKeys = Collections.unmodifiableSortedMap(labSshKeys);
    this.agencies = Collections.unmodifiableSortedMap(agencies);
    this.agencySshKeys = Collections.unmodifiableSortedMap(agencySshKeys);
    this.signingKey = signingKey;
    this.quarantineCert = quarantineCert;
    this.example = example;
  }

  /**
   * Loads every key. Refused, naming the file: a missing or unreadable required file, an invalid or
   * reserved id, an unusable authorized_keys line, a signing key that cannot sign now, a {@code
   * signing.pub.asc} that is not its public part, a quarantine key that cannot be encrypted to now.
   * Agency keys are only read here: whether each can be encrypted to is for the policy check at
   * start (an agency outside the policy does not stop the exchange).
   *
   * @param signingPassphrase null or empty when the signing key is not protected
   */
  public static KeySet load(Path keysDir, char[] signingPassphrase) throws KeyFileException {
    if (!Files.isDirectory(keysDir)) {
      throw new KeyFileException(
          keysDir, "no such keys folder (make one with 'prex keys init --dir " + keysDir + "')");
    }
    Instant now = Instant.now();
    try {
      SortedMap<String, List<PublicKey>> labs = new TreeMap<>();
      for (Path f : KeyLayout.labFiles(keysDir)) {
        labs.put(labId(f), LabKeys.read(f));
      }
      SortedMap<String, PublicCert> agencies = new TreeMap<>();
      for (Path f : KeyLayout.agencyFiles(keysDir)) {
        agencies.put(agencyId(f), PublicCert.read(f));
      }
      SortedMap<String, List<PublicKey>> agencySsh = new TreeMap<>();
      for (Path f : KeyLayout.agencySshFiles(keysDir)) {
        String id = KeyLayout.idOf(f, KeyLayout.SSH_PUB);
        if (!agencies.containsKey(id)) {
          throw new KeyFileException(
              f,
              "an SSH key for agency '"
                  + id
                  + "', which has no certificate agencies/"
                  + id
                  + KeyLayout.ASC);
        }
        if (labs.containsKey(id) || id.equals(KeyLayout.RESERVED_LAB)) {
          throw new KeyFileException(
              f,
              "'"
                  + id
                  + "' is also a lab's (or the exchange's) SFTP user name: one name can be one"
                  + " account only");
        }
        agencySsh.put(id, LabKeys.read(f));
      }
      Path signingFile = KeyLayout.signing(keysDir);
      SigningKey signing = SigningKey.read(signingFile, signingPassphrase);
      refuseIfAny(signingFile, "signing key " + signing.fingerprint(), signing.problems(now));
      checkPublicPart(keysDir, signing);
      Path quarantineFile = KeyLayout.quarantine(keysDir);
      PublicCert quarantine = PublicCert.read(quarantineFile);
      refuseIfAny(quarantineFile, quarantine.toString(), quarantine.encryptionProblems(now));
      boolean example =
          Files.exists(keysDir.resolve(KeyLayout.EXAMPLE_MARKER))
              || signing.publicCert().userId().contains("EXAMPLE")
              || quarantine.userId().contains("EXAMPLE");
      return new KeySet(keysDir, labs, agencies, agencySsh, signing, quarantine, example);
    } catch (IOException e) {
      throw new KeyFileException(
          keysDir, "cannot list keys (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The lab id a {@code labs/<lab>.pub} file stands for; refused if invalid or reserved. */
  static String labId(Path file) throws KeyFileException {
    String id = KeyLayout.idOf(file, KeyLayout.PUB);
    if (!KeyLayout.validId(id)) {
      throw new KeyFileException(
          file, "'" + id + "' is not a valid lab id (" + KeyLayout.ID_RULE + ")");
    }
    if (id.equals(KeyLayout.RESERVED_LAB)) {
      throw new KeyFileException(
          file, "'" + id + "' is reserved for the exchange's own SFTP account; not a lab id");
    }
    return id;
  }

  /** The agency id an {@code agencies/<id>.asc} file stands for; refused if invalid. */
  static String agencyId(Path file) throws KeyFileException {
    String id = KeyLayout.idOf(file, KeyLayout.ASC);
    if (!KeyLayout.validId(id)) {
      throw new KeyFileException(
          file, "'" + id + "' is not a valid agency id (" + KeyLayout.ID_RULE + ")");
    }
    return id;
  }

  private static void refuseIfAny(Path file, String what, List<String> problems)
      throws KeyFileException {
    if (!problems.isEmpty()) {
      throw new KeyFileException(file, what + " " + String.join(", ", problems));
    }
  }

  /** When present, {@code signing.pub.asc} must be the signing key's certificate. */
  private static void checkPublicPart(Path dir, SigningKey signing) throws KeyFileException {
    Path pub = KeyLayout.signingPublic(dir);
    if (Files.exists(pub) && !PublicCert.read(pub).fingerprint().equals(signing.fingerprint())) {
      throw new KeyFileException(
          pub, "is not the public part of signing.asc (" + signing.fingerprint() + ")");
    }
  }

  /** The folder the keys were loaded from. */
  public Path dir() {
    return dir;
  }

  /** Lab id → the SSH public keys it may log in with, sorted by id. */
  public Map<String, List<PublicKey>> labSshKeys() {
    return labSshKeys;
  }

  /** Agency id → its OpenPGP certificate, sorted by id. */
  public Map<String, PublicCert> agencies() {
    return agencies;
  }

  /**
   * Agency id → the SSH public keys of its drop-box account ({@code agencies/<id>.ssh.pub};
   * docs/review-cycle.md), sorted by id; only agencies with a certificate.
   */
  public Map<String, List<PublicKey>> agencySshKeys() {
    return agencySshKeys;
  }

  /** The exchange's signing key, unlocked. */
  public SigningKey signingKey() {
    return signingKey;
  }

  /** The security officer's certificate: quarantined items are sealed to it. */
  public PublicCert quarantineCert() {
    return quarantineCert;
  }

  /** Where the drop box's SSH host key is (made on first start if missing). */
  public Path hostKeyFile() {
    return KeyLayout.hostKey(dir);
  }

  /** Whether these are example keys: the marker file, or EXAMPLE in an exchange key's user id. */
  public boolean isExample() {
    return example;
  }

  @Override
  public String toString() {
    return "key set " + dir + (example ? " (EXAMPLE keys)" : "");
  }
}
