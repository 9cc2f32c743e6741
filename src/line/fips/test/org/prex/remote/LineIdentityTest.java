package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which SSH client keys the FIPS line refuses before JSch reads them (docs/fips.md, "SSH on the
 * FIPS line"), as ssh-keygen makes them: a key that cannot sign in approved-only mode, and a
 * passphrase whose key derivation is not approved (found by the red team: JSch used a
 * bcrypt-pbkdf key silently, and called a PEM key's right passphrase wrong). The general line has
 * its own test.
 */
class LineIdentityTest {
  @TempDir Path dir;

  @Test
  void anEcdsaOrRsaKeyWithoutPassphrase_isUsable() throws Exception {
    assertEquals(Optional.empty(), SftpSessions.identityProblem(key("ecdsa", "384", "", false)));
    assertEquals(Optional.empty(), SftpSessions.identityProblem(key("rsa", "3072", "", false)));
    assertEquals(Optional.empty(), SftpSessions.identityProblem(key("ecdsa", "384", "", true)));
  }

  @Test
  void anEd25519Key_isRefused_sayingWhatToMake() throws Exception {
    String why = SftpSessions.identityProblem(key("ed25519", null, "", false)).orElseThrow();
    assertTrue(why.startsWith("it is an ssh-ed25519 key, which cannot sign"), why);
    assertTrue(why.contains("ssh-keygen -t ecdsa -b 384"), why);
  }

  @Test
  void aPassphraseInOpenSshsFormat_isRefused_forBcryptPbkdf() throws Exception {
    String why =
        SftpSessions.identityProblem(key("ecdsa", "384", "a-long-passphrase", false)).orElseThrow();
    assertTrue(why.contains("bcrypt-pbkdf"), why);
    assertTrue(!why.contains("a-long-passphrase"), why);
  }

  @Test
  void aPassphraseInThePemFormat_isRefused_forMd5() throws Exception {
    String why =
        SftpSessions.identityProblem(key("ecdsa", "384", "a-long-passphrase", true)).orElseThrow();
    assertTrue(why.contains("MD5"), why);
  }

  @Test
  void aFileThatIsNoKey_isLeftToJschToName() throws Exception {
    Path junk = dir.resolve("junk");
    java.nio.file.Files.writeString(
        junk, "-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64 !!\n-----END OPENSSH PRIVATE KEY-----\n");
    assertEquals(Optional.empty(), SftpSessions.identityProblem(junk));
    assertEquals(Optional.empty(), SftpSessions.identityProblem(dir.resolve("missing")));
  }

  private Path key(String type, String bits, String passphrase, boolean pem) throws Exception {
    Path key = dir.resolve(type + bits + passphrase.length() + pem);
    List<String> cmd = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-t", type));
    if (bits != null) {
      cmd.addAll(List.of("-b", bits));
    }
    if (pem) {
      cmd.addAll(List.of("-m", "PEM"));
    }
    cmd.addAll(List.of("-N", passphrase, "-f", key.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    return key;
  }
}
