package org.prex.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * Every policy text that was ever in force, kept in the data folder as {@code
 * policies/<sha256>.yaml} (folder 0700, files 0600), so that the sha256 an audit event or a receipt
 * names can be shown as the text it stands for. A text is read back only if it still hashes to its
 * name.
 */
public final class PolicyStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;

  public PolicyStore(Path dir) {
    this.dir = dir;
  }

  /** The store of a data folder. */
  public static PolicyStore in(Path dataDir) {
    return new PolicyStore(dataDir.resolve("policies"));
  }

  public Path dir() {
    return dir;
  }

  /**
   * Keeps a policy's text under its hash, once; a file already there must hold the same text.
   *
   * @throws IOException also when a stored text does not match its name (tampering)
   */
  public void keep(PolicyFile policy) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // made meanwhile
      }
    }
    Path file = file(policy.sha256());
    if (Files.exists(file)) {
      read(policy.sha256());
      return;
    }
    Path tmp =
        Files.createTempFile(
            dir,
            ".policy-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, policy.text());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The policy text whose SHA-256 is {@code sha256}.
   *
   * @throws NoSuchFileException when none is kept under that hash
   * @throws IOException when the kept text does not hash to its name
   */
  public byte[] read(String sha256) throws IOException {
    String sha = sha256.toLowerCase(java.util.Locale.ROOT);
    if (!SHA256.matcher(sha).matches()) {
      throw new IllegalArgumentException(
          "'" + sha256 + "' is not a policy's sha256 (64 hex digits)");
    }
    Path file = file(sha);
    byte[] text = Files.readAllBytes(file);
    String actual = PolicyFile.sha256Of(text);
    if (!actual.equals(sha)) {
      throw new IOException(
          file + " has been changed: its text hashes to " + actual + ", not to its name");
    }
    return text;
  }

  private Path file(String sha256) {
    return dir.resolve(sha256 + ".yaml");
  }
}
