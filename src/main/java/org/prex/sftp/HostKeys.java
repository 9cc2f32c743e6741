package org.prex.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop box's host key, of the line's type ({@link SshLine}: Ed25519, or ECDSA P-384 on the FIPS
 * line): read from its file (OpenSSH format, unencrypted), or made and written there (0600) on
 * first start. A file that exists but does not hold exactly one key of that type is an error, never
 * silently replaced: clients pin this key.
 */
final class HostKeys {

  private static final Logger LOG = LoggerFactory.getLogger(HostKeys.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private HostKeys() {}

  static KeyPair loadOrCreate(Path file) throws DropBoxException {
    return Files.exists(file) ? load(file) : create(file);
  }

  private static KeyPair load(Path file) throws DropBoxException {
    warnIfOthersCanRead(file);
    List<KeyPair> keys = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> read =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(file.toString()), in, null);
      if (read != null) {
        read.forEach(keys::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new DropBoxException(
          "SFTP host key "
              + file
              + " is not a readable, unencrypted OpenSSH private key ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    if (keys.size() != 1) {
      throw new DropBoxException(
          "SFTP host key "
              + file
              + " holds "
              + keys.size()
              + " keys; expected one "
              + SshLine.HOST_KEY_TYPE
              + " key");
    }
    KeyPair key = keys.get(0);
    String type = KeyUtils.getKeyType(key);
    if (!SshLine.HOST_KEY_TYPE.equals(type)) {
      throw new DropBoxException(
          "SFTP host key " + file + " is a " + type + " key; expected " + SshLine.HOST_KEY_TYPE);
    }
    return key;
  }

  private static KeyPair create(Path file) throws DropBoxException {
    KeyPair key;
    try {
      key = SshLine.newKeyPair();
    } catch (GeneralSecurityException e) {
      throw new DropBoxException(
          "Cannot generate an SFTP host key (" + SshLine.HOST_KEY_TYPE + "): " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      OwnerOnly.createFolders(dir);
      temp = createOwnerOnlyFile(dir);
      try (OutputStream out = Files.newOutputStream(temp)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "prex-sftp-host-key", null, out);
      }
      Files.move(temp, file);
      temp = null;
    } catch (FileAlreadyExistsException e) {
      return load(file);
    } catch (IOException | GeneralSecurityException e) {
      throw new DropBoxException("Cannot write SFTP host key " + file + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
    LOG.info("Created SFTP host key {} ({})", file, KeyUtils.getFingerPrint(key.getPublic()));
    return key;
  }

  private static Path createOwnerOnlyFile(Path dir) throws IOException {
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
      return Files.createTempFile(dir, ".host-key-", ".tmp");
    }
    return Files.createTempFile(
        dir, ".host-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
  }

  private static void warnIfOthersCanRead(Path file) {
    try {
      if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
        return;
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      perms.removeAll(
          EnumSet.allOf(PosixFilePermission.class).stream()
              .filter(p -> p.name().startsWith("OWNER"))
              .toList());
      if (!perms.isEmpty()) {
        LOG.warn(
            "SFTP host key {} is open to group or others ({}); it should be 0600",
            file,
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the permissions of SFTP host key {}: {}", file, e.getMessage());
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("Cannot remove temporary host key file {}: {}", temp, e.getMessage());
    }
  }
}
