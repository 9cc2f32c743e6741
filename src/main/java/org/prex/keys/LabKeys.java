package org.prex.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.prex.seal.KeyFileException;
import org.prex.sftp.SshLine;

/**
 * A lab's {@code labs/<lab>.pub}: OpenSSH authorized_keys lines, one key per line, {@code #}
 * comments and blank lines allowed. Options that prex's drop box already implies (it serves SFTP
 * only) are accepted; any other option ({@code from=}, {@code expiry-time=}, {@code command=}…)
 * would silently not be enforced, so the line is refused.
 */
final class LabKeys {
  static final int MIN_RSA_BITS = 2048;

  private static final Set<String> IMPLIED_OPTIONS =
      Set.of(
          "restrict",
          "no-pty",
          "no-port-forwarding",
          "no-agent-forwarding",
          "no-x11-forwarding",
          "no-user-rc");

  private LabKeys() {}

  /** The keys of a lab file, and a "line N: …" problem for each line that is not usable. */
  record Parsed(List<PublicKey> keys, List<String> problems) {}

  /** Every key of the file; the first unusable line (or no key at all) fails it. */
  static List<PublicKey> read(Path file) throws KeyFileException {
    Parsed parsed = parse(file);
    if (!parsed.problems().isEmpty()) {
      throw new KeyFileException(file, parsed.problems().get(0));
    }
    return parsed.keys();
  }

  static Parsed parse(Path file) throws KeyFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "missing");
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read (" + e.getClass().getSimpleName() + ")");
    }
    List<PublicKey> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        keys.add(key(line));
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (keys.isEmpty() && problems.isEmpty()) {
      problems.add(
          "holds no SSH public key (expected authorized_keys lines like '" + EXAMPLE_LINE + "')");
    }
    return new Parsed(List.copyOf(keys), List.copyOf(problems));
  }

  /** What an authorized_keys line looks like, in the line's key type (docs/fips.md). */
  private static final String EXAMPLE_LINE =
      SshLine.LAB_KEY_ADVICE.substring(0, SshLine.LAB_KEY_ADVICE.indexOf(' ')) + " AAAA… name";

  /** The line's refusal of a key by the type its line names, when the key cannot be read. */
  private static String typeRefused(String line) {
    try {
      AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
      return entry == null ? null : SshLine.refusalOfType(entry.getKeyType());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static PublicKey key(String line) {
    AuthorizedKeyEntry entry;
    PublicKey key;
    try {
      entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
      key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      key = null;
      entry = null;
    }
    if (key == null) {
      String refused = typeRefused(line);
      throw new IllegalArgumentException(
          refused != null
              ? refused
              : "not an SSH public key (expected an authorized_keys line like '"
                  + EXAMPLE_LINE
                  + "')");
    }
    for (String option : entry.getLoginOptions().keySet()) {
      if (!IMPLIED_OPTIONS.contains(option.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            "option '" + option + "' is not enforced by prex's drop box; remove it");
      }
    }
    if (key instanceof DSAPublicKey) {
      throw new IllegalArgumentException(
          "DSA (ssh-dss) keys are too weak; use " + SshLine.LAB_KEY_ADVICE);
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          "RSA key of "
              + rsa.getModulus().bitLength()
              + " bits is too weak ("
              + MIN_RSA_BITS
              + " or more; or use "
              + SshLine.LAB_KEY_ADVICE
              + ")");
    }
    String refused = SshLine.refusal(key);
    if (refused != null) {
      throw new IllegalArgumentException(refused);
    }
    return key;
  }
}
