package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The general line leaves every SSH client key to JSch (docs/fips.md): an Ed25519 key and one whose
 * passphrase is in OpenSSH's format are both fine here. The FIPS line has its own test.
 */
class LineIdentityTest {
  @TempDir Path dir;

  @Test
  void ed25519AndPassphraseProtectedKeys_areLeftToJsch() throws Exception {
    for (List<String> args :
        List.of(
            List.of("-t", "ed25519", "-N", ""),
            List.of("-t", "ed25519", "-N", "a-long-passphrase"),
            List.of("-t", "ecdsa", "-b", "384", "-m", "PEM", "-N", "a-long-passphrase"))) {
      Path key = dir.resolve("k" + args.hashCode());
      List<String> cmd = new java.util.ArrayList<>(List.of("ssh-keygen", "-q"));
      cmd.addAll(args);
      cmd.addAll(List.of("-f", key.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      assertEquals(0, p.waitFor());
      assertEquals(Optional.empty(), SftpSessions.identityProblem(key), args.toString());
    }
  }
}
