package org.prex.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.prex.seal.KeyGenerator;

/**
 * {@code keys init}: a fresh key set in the SPEC §2 layout, GnuPG 2.2-compatible. Secret files are
 * created owner-only. Never overwrites: an existing non-empty folder is refused.
 */
public final class KeyInit {
  private static final String EXAMPLE = " (EXAMPLE KEY - DEMO ONLY, NOT FOR REAL USE)";

  private KeyInit() {}

  /** Makes the set and returns the files written. */
  public static List<Path> init(
      Path dir, boolean example, List<String> labIds, List<String> agencyIds) throws IOException {
    if (Files.exists(dir) && !isEmptyDir(dir)) {
      throw new IOException(dir + " exists and is not empty: refusing to overwrite keys");
    }
    for (String id : concat(labIds, agencyIds)) {
      if (!KeyLayout.ID.matcher(id).matches() || id.equals(KeyLayout.RESERVED_LAB)) {
        throw new IOException(
            "'"
                + id
                + "' is not a valid lab or agency id"
                + " (lower-case letters, digits and '-'; not "
                + KeyLayout.RESERVED_LAB
                + ")");
      }
    }
    String mark = example ? EXAMPLE : "";
    List<Path> made = new ArrayList<>();
    Files.createDirectories(dir.resolve("exchange"));
    Files.createDirectories(KeyLayout.labs(dir));
    Files.createDirectories(KeyLayout.agencies(dir));
    Instant now = Instant.now();

    KeyGenerator.GeneratedKey signing = KeyGenerator.generate("prex exchange" + mark, now, null);
    made.add(secret(KeyLayout.signing(dir), signing.armoredSecret()));
    made.add(write(KeyLayout.signingPublic(dir), signing.armoredPublic()));
    KeyGenerator.GeneratedKey quarantine =
        KeyGenerator.generate("prex security officer (quarantine)" + mark, now, null);
    made.add(write(KeyLayout.quarantine(dir), quarantine.armoredPublic()));
    made.add(secret(dir.resolve("exchange/quarantine.secret.asc"), quarantine.armoredSecret()));
    for (String lab : labIds) {
      made.addAll(labKeyPair(dir, lab, lab + mark));
    }
    for (String agency : agencyIds) {
      KeyGenerator.GeneratedKey k = KeyGenerator.generate(agency + mark, now, null);
      made.add(write(KeyLayout.agencies(dir).resolve(agency + ".asc"), k.armoredPublic()));
      made.add(secret(KeyLayout.agencies(dir).resolve(agency + ".secret.asc"), k.armoredSecret()));
    }
    if (example) {
      made.add(
          write(
              dir.resolve(KeyLayout.EXAMPLE_MARKER),
              "EXAMPLE KEYS - DEMO ONLY, NOT FOR REAL USE.\n\n"
                  + "Every secret key in this folder is public. Anyone can open what is sealed to"
                  + " these\n"
                  + "keys and act as the lab or the exchange. Make real keys with 'prex keys"
                  + " init'.\n"));
    }
    return made;
  }

  private static List<Path> labKeyPair(Path dir, String lab, String comment) throws IOException {
    KeyPair pair;
    try {
      pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make an Ed25519 SSH key for lab " + lab, e);
    }
    Path priv = KeyLayout.labs(dir).resolve(lab);
    createOwnerOnly(priv);
    try (OutputStream out = Files.newOutputStream(priv)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the SSH key of lab " + lab, e);
    }
    Path pub =
        write(
            KeyLayout.labs(dir).resolve(lab + ".pub"),
            PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n");
    return List.of(priv, pub);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  private static Path secret(Path file, String text) throws IOException {
    createOwnerOnly(file);
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
