package org.prex.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.prex.console.ConsoleCertificate;
import org.prex.files.Trees;
import org.prex.seal.KeyGenerator;

/**
 * {@code keys init}: a fresh key set in the layout of docs/deployment.md, GnuPG 2.2-compatible,
 * with a README saying which secret files must leave the exchange host. Made in a hidden sibling
 * folder and renamed into place, so a failure leaves nothing half-made; secret files are owner-only
 * (0600), folders 0700. Never overwrites: an existing non-empty folder is refused.
 */
public final class KeyInit {
  static final String EXAMPLE_MARK = " (EXAMPLE KEY - DEMO ONLY, NOT FOR REAL USE)";

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private KeyInit() {}

  /**
   * Makes the set and returns the files written (in {@code dir}). Besides what the exchange uses,
   * the set holds secrets that belong to others and that, for real use, are moved off the exchange
   * host at once: {@code exchange/quarantine.secret.asc} (the security officer keeps it), {@code
   * labs/<lab>} (the lab's SSH private key) and {@code agencies/<id>.secret.asc} (the agency's
   * key). The set's {@code README.txt} says so, and {@code keys check} warns while they are there.
   *
   * @param example mark every key as an example (user ids and a marker file)
   * @throws FileAlreadyExistsException if {@code dir} exists and is not empty
   * @throws IllegalArgumentException for an invalid, reserved or repeated id
   */
  public static List<Path> init(
      Path dir, boolean example, List<String> labIds, List<String> agencyIds) throws IOException {
    checkIds(labIds, agencyIds);
    if (Files.exists(dir) && !isEmptyDir(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not empty");
    }
    Path absolute = dir.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path work =
        Files.createTempDirectory(
            absolute.getParent(), "." + absolute.getFileName() + ".", OWNER_ONLY_DIR);
    try {
      List<Path> made = new Writer(work, example).write(labIds, agencyIds);
      Files.move(work, absolute, StandardCopyOption.ATOMIC_MOVE);
      return made.stream().map(p -> dir.resolve(work.relativize(p))).toList();
    } catch (IOException | RuntimeException e) {
      deleteTree(work);
      throw e;
    }
  }

  private static void checkIds(List<String> labIds, List<String> agencyIds) {
    for (String id : labIds) {
      checkId("lab", id);
      if (id.equals(KeyLayout.RESERVED_LAB)) {
        throw new IllegalArgumentException(
            "'" + id + "' is reserved for the exchange's own SFTP account; not a lab id");
      }
    }
    agencyIds.forEach(id -> checkId("agency", id));
    checkUnique("lab", labIds);
    checkUnique("agency", agencyIds);
  }

  private static void checkId(String what, String id) {
    if (!KeyLayout.validId(id)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a valid " + what + " id (" + KeyLayout.ID_RULE + ")");
    }
  }

  private static void checkUnique(String what, List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException(what + " id '" + id + "' is given twice");
      }
    }
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path root) {
    try {
      Trees.deleteIfExists(root);
    } catch (IOException e) {
      // best effort: a hidden half-made folder is left behind, never a usable-looking key set
    }
  }

  /** Writes one key set into a fresh folder. */
  private static final class Writer {
    private final Path dir;
    private final boolean example;
    private final String mark;
    private final Instant now = Instant.now();
    private final List<Path> made = new ArrayList<>();

    Writer(Path dir, boolean example) {
      this.dir = dir;
      this.example = example;
      this.mark = example ? EXAMPLE_MARK : "";
    }

    List<Path> write(List<String> labIds, List<String> agencyIds) throws IOException {
      Files.createDirectory(KeyLayout.exchange(dir), OWNER_ONLY_DIR);
      Files.createDirectory(KeyLayout.labs(dir), OWNER_ONLY_DIR);
      Files.createDirectory(KeyLayout.agencies(dir), OWNER_ONLY_DIR);
      KeyGenerator.GeneratedKey signing = KeyGenerator.generate("prex exchange" + mark, now, null);
      secret(KeyLayout.signing(dir), signing.armoredSecret());
      text(KeyLayout.signingPublic(dir), signing.armoredPublic());
      KeyGenerator.GeneratedKey quarantine =
          KeyGenerator.generate("prex security officer (quarantine)" + mark, now, null);
      text(KeyLayout.quarantine(dir), quarantine.armoredPublic());
      secret(KeyLayout.quarantineSecret(dir), quarantine.armoredSecret());
      for (String lab : labIds) {
        sshKeyPair(lab);
      }
      for (String agency : agencyIds) {
        KeyGenerator.GeneratedKey k = KeyGenerator.generate(agency + mark, now, null);
        text(KeyLayout.agencies(dir).resolve(agency + KeyLayout.ASC), k.armoredPublic());
        secret(KeyLayout.agencies(dir).resolve(agency + KeyLayout.SECRET_ASC), k.armoredSecret());
      }
      Files.createDirectory(ConsoleCertificate.folder(dir), OWNER_ONLY_DIR);
      ConsoleCertificate.make(dir, "prex console" + mark, now, ConsoleCertificate.VALIDITY);
      made.add(ConsoleCertificate.certificate(dir));
      made.add(ConsoleCertificate.key(dir));
      if (example) {
        text(dir.resolve(KeyLayout.EXAMPLE_MARKER), KeySetReadme.exampleMarker());
      }
      text(dir.resolve(KeyLayout.README), KeySetReadme.text(example, signing, quarantine));
      return made;
    }

    private void sshKeyPair(String lab) throws IOException {
      KeyPair pair;
      try {
        pair = org.prex.sftp.SshLine.newKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot make an SSH key for lab " + lab, e);
      }
      Path priv = KeyLayout.labs(dir).resolve(lab);
      Files.createFile(priv, OWNER_ONLY_FILE);
      try (OutputStream out = Files.newOutputStream(priv)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, lab + mark, null, out);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot write the SSH key of lab " + lab, e);
      }
      made.add(priv);
      text(
          KeyLayout.labs(dir).resolve(lab + KeyLayout.PUB),
          PublicKeyEntry.toString(pair.getPublic()) + " " + lab + mark + "\n");
    }

    private void text(Path file, String content) throws IOException {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      made.add(file);
    }

    private void secret(Path file, String content) throws IOException {
      Files.createFile(file, OWNER_ONLY_FILE);
      Files.writeString(file, content, StandardCharsets.US_ASCII);
      made.add(file);
    }
  }
}
