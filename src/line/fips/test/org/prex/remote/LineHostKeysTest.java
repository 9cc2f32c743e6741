package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agency's known_hosts that holds only host keys approved-only mode cannot check (found by the
 * red team: the login then failed as a host key mismatch, which reads like an attack) is named at
 * start (docs/fips.md, "SSH on the FIPS line"). The general line has its own test.
 */
class LineHostKeysTest {
  @TempDir Path dir;

  @Test
  void onlyAnEd25519HostKey_isNamed_sayingWhatToAdd() throws Exception {
    Path kh = knownHosts("[127.0.0.1]:2222 " + publicKey("ed25519", null));
    String why = SftpSessions.hostKeyProblem(kh, "127.0.0.1", 2222).orElseThrow();
    assertTrue(why.startsWith("it holds only ssh-ed25519 host keys for [127.0.0.1]:2222"), why);
    assertTrue(why.contains("ssh-keyscan -t ecdsa -p 2222 127.0.0.1"), why);
  }

  @Test
  void anEcdsaOrRsaHostKeyBesideIt_canBeChecked() throws Exception {
    Path kh =
        knownHosts(
            "[127.0.0.1]:2222 " + publicKey("ed25519", null),
            "[127.0.0.1]:2222 " + publicKey("ecdsa", "384"));
    assertEquals(Optional.empty(), SftpSessions.hostKeyProblem(kh, "127.0.0.1", 2222));
    Path rsa = knownHosts("agency.example " + publicKey("rsa", "3072"));
    assertEquals(Optional.empty(), SftpSessions.hostKeyProblem(rsa, "agency.example", 22));
  }

  @Test
  void anotherServersKeys_orNone_areLeftToTheLogin() throws Exception {
    Path kh = knownHosts("[127.0.0.1]:2222 " + publicKey("ed25519", null));
    assertEquals(Optional.empty(), SftpSessions.hostKeyProblem(kh, "127.0.0.1", 2223));
    assertEquals(
        Optional.empty(), SftpSessions.hostKeyProblem(dir.resolve("missing"), "127.0.0.1", 22));
  }

  private Path knownHosts(String... lines) throws Exception {
    Path kh = Files.createTempFile(dir, "known_hosts", "");
    Files.writeString(kh, String.join("\n", lines) + "\n");
    return kh;
  }

  private String publicKey(String type, String bits) throws Exception {
    Path key = Files.createTempDirectory(dir, type).resolve("key");
    ProcessBuilder pb =
        bits == null
            ? new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString())
            : new ProcessBuilder(
                "ssh-keygen", "-q", "-t", type, "-b", bits, "-N", "", "-f", key.toString());
    Process p = pb.redirectErrorStream(true).start();
    assertEquals(0, p.waitFor());
    String[] parts = Files.readString(key.resolveSibling("key.pub")).trim().split(" ");
    return parts[0] + " " + parts[1];
  }
}
