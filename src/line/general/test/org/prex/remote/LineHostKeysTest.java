package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The general line checks every host key type JSch does: a known_hosts with only an Ed25519 key
 * for the server is fine here (docs/fips.md). The FIPS line has its own test.
 */
class LineHostKeysTest {
  @Test
  void onlyAnEd25519HostKey_isFine(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key");
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor());
    String[] parts = Files.readString(dir.resolve("key.pub")).trim().split(" ");
    Path kh = dir.resolve("known_hosts");
    Files.writeString(kh, "[127.0.0.1]:2222 " + parts[0] + " " + parts[1] + "\n");
    assertEquals(Optional.empty(), SftpSessions.hostKeyProblem(kh, "127.0.0.1", 2222));
  }
}
