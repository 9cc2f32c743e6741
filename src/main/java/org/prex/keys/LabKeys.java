package org.prex.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.prex.seal.KeyFileException;

/** Reads a lab's {@code labs/<lab>.pub}: OpenSSH authorized_keys lines, one key per line. */
final class LabKeys {
  private LabKeys() {}

  static List<PublicKey> read(Path file) throws KeyFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read (" + e.getClass().getSimpleName() + ")");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
        PublicKey key =
            entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        if (key == null) {
          throw new GeneralSecurityException("unresolvable");
        }
        keys.add(key);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new KeyFileException(
            file,
            "line "
                + (i + 1)
                + ": not an SSH public key (expected an authorized_keys line like 'ssh-ed25519"
                + " AAAA… name')");
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException(file, "holds no SSH public key");
    }
    return keys;
  }
}
