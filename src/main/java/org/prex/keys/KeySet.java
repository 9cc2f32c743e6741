package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/** A deployment's key folder (SPEC §2), loaded: every key the exchange needs to run. */
public final class KeySet {
  private final Path dir;
  private final Map<String, List<PublicKey>> labSshKeys;
  private final Map<String, PublicCert> agencies;
  private final SigningKey signingKey;
  private final PublicCert quarantineCert;
  private final boolean example;

  private KeySet(
      Path dir,
      Map<String, List<PublicKey>> labSshKeys,
      Map<String, PublicCert> agencies,
      SigningKey signingKey,
      PublicCert quarantineCert,
      boolean example) {
    this.dir = dir;
    this.labSshKeys = Collections.unmodifiableMap(labSshKeys);
    this.agencies = Collections.unmodifiableMap(agencies);
    this.signingKey = signingKey;
    this.quarantineCert = quarantineCert;
    this.example = example;
  }

  /** Loads every key; the first file that cannot be used stops it, named. */
  public static KeySet load(Path dir, char[] signingPassphrase) throws KeyFileException {
    if (!Files.isDirectory(dir)) {
      throw new KeyFileException(
          dir, "no such keys folder (make one with 'prex keys init --dir " + dir + "')");
    }
    try {
      Map<String, List<PublicKey>> labs = new TreeMap<>();
      for (Path f : KeyLayout.labFiles(dir)) {
        String lab = KeyLayout.idOf(f, ".pub");
        checkId(f, lab);
        if (lab.equals(KeyLayout.RESERVED_LAB)) {
          throw new KeyFileException(f, "'" + lab + "' is reserved for the exchange's own account");
        }
        labs.put(lab, LabKeys.read(f));
      }
      Map<String, PublicCert> agencies = new TreeMap<>();
      for (Path f : KeyLayout.agencyFiles(dir)) {
        String id = KeyLayout.idOf(f, ".asc");
        checkId(f, id);
        agencies.put(id, PublicCert.read(f));
      }
      Path signing = required(KeyLayout.signing(dir));
      SigningKey signingKey = SigningKey.read(signing, signingPassphrase);
      PublicCert quarantine = PublicCert.read(required(KeyLayout.quarantine(dir)));
      boolean example =
          Files.exists(dir.resolve(KeyLayout.EXAMPLE_MARKER))
              || signingKey.publicCert().userId().contains("EXAMPLE");
      return new KeySet(dir, labs, agencies, signingKey, quarantine, example);
    } catch (IOException e) {
      throw new KeyFileException(dir, "cannot list keys (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void checkId(Path file, String id) throws KeyFileException {
    if (!KeyLayout.ID.matcher(id).matches()) {
      throw new KeyFileException(
          file, "'" + id + "' is not a valid id (lower-case letters, digits and '-', up to 63)");
    }
  }

  private static Path required(Path file) throws KeyFileException {
    if (!Files.isRegularFile(file)) {
      throw new KeyFileException(file, "missing");
    }
    return file;
  }

  public Path dir() {
    return dir;
  }

  /** Lab id → the SSH public keys it may log in with. */
  public Map<String, List<PublicKey>> labSshKeys() {
    return labSshKeys;
  }

  /** Agency id → its OpenPGP certificate, sorted by id. */
  public Map<String, PublicCert> agencies() {
    return agencies;
  }

  public SigningKey signingKey() {
    return signingKey;
  }

  public PublicCert quarantineCert() {
    return quarantineCert;
  }

  public Path hostKeyFile() {
    return KeyLayout.hostKey(dir);
  }

  /** Whether these are the repository's example keys (or any set made with --example). */
  public boolean isExample() {
    return example;
  }
}
