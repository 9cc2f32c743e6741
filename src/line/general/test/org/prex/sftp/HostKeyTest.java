package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.SftpClient;

/** The host key is made once, kept private, and reused, so that clients can pin it. */
class HostKeyTest {

  @TempDir Path tmp;

  @Test
  void hostKey_isCreatedOwnerOnly_inOpenSshFormat() throws Exception {
    try (DropBoxFixture fx = new DropBoxFixture(tmp)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.hostKeyFile)));
      assertTrue(
          Files.readString(fx.hostKeyFile).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
      String fingerprint = TestKeys.run(tmp, "ssh-keygen", "-l", "-f", fx.hostKeyFile.toString());
      assertTrue(fingerprint.contains("(ED25519)"), fingerprint);
      String publicKey = TestKeys.run(tmp, "ssh-keygen", "-y", "-f", fx.hostKeyFile.toString());
      assertEquals(keyPart(fx.box.knownHostsLine()), keyPart(publicKey.trim()));
    }
  }

  @Test
  void hostKey_persistsAcrossRestarts() throws Exception {
    String first;
    int port;
    try (DropBoxFixture fx = new DropBoxFixture(tmp)) {
      first = fx.box.knownHostsLine();
      port = fx.box.port();
      assertTrue(first.startsWith("[127.0.0.1]:" + port + " ssh-ed25519 AAAA"), first);
      String key = Files.readString(fx.hostKeyFile);

      fx.box.close();
      try (DropBox again = DropBox.start(fx.config(port))) {
        assertEquals(first, again.knownHostsLine());
        assertEquals(key, Files.readString(fx.hostKeyFile));
        try (SftpClient acme =
            SftpClient.connect(again, DropBoxFixture.ACME, fx.acmeKey.privateKey())) {
          assertEquals(
              "/inbox", acme.channel().pwd(), "strict host key checking against the pinned key");
        }
      }
    }
  }

  @Test
  void hostKeyMadeBySshKeygen_isUsed() throws Exception {
    Path keys = tmp.resolve("keys");
    TestKeys.KeyFile host = TestKeys.ed25519(keys, "ssh_host_ed25519_key");
    String expected = Files.readString(keys.resolve("ssh_host_ed25519_key.pub"));
    try (DropBox box = DropBox.start(config(host.privateKey()))) {
      assertEquals(keyPart(expected.trim()), keyPart(box.knownHostsLine()));
    }
  }

  @Test
  void corruptHostKey_isRefused_neverReplaced() throws Exception {
    Path file = tmp.resolve("ssh_host_ed25519_key");
    Files.writeString(file, "not a key\n");
    DropBoxException e = assertThrows(DropBoxException.class, () -> DropBox.start(config(file)));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals("not a key\n", Files.readString(file));
  }

  @Test
  void nonEd25519HostKey_isRefused() throws Exception {
    TestKeys.KeyFile ecdsa = TestKeys.generate(tmp.resolve("keys"), "ecdsa_key", "ecdsa");
    DropBoxException e =
        assertThrows(DropBoxException.class, () -> DropBox.start(config(ecdsa.privateKey())));
    assertTrue(e.getMessage().contains("ecdsa"), e.getMessage());
  }

  @Test
  void portInUse_failsWithTheAddress() throws Exception {
    Path file = tmp.resolve("host_key");
    try (DropBox first = DropBox.start(config(file))) {
      DropBoxConfig same = withPort(config(file), first.port());
      DropBoxException e = assertThrows(DropBoxException.class, () -> DropBox.start(same));
      assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
    }
  }

  private DropBoxConfig config(Path hostKey) throws Exception {
    TestKeys.KeyFile lab = TestKeys.ed25519(tmp.resolve("clients"), "lab-" + System.nanoTime());
    TestKeys.KeyFile ingest =
        TestKeys.ed25519(tmp.resolve("clients"), "ingest-" + System.nanoTime());
    return new DropBoxConfig(
        "127.0.0.1",
        0,
        tmp.resolve("sftp"),
        hostKey,
        Map.of("acme-ai", List.of(lab.publicKey())),
        ingest.publicKey(),
        null);
  }

  /** The same on another port, and another folder: one drop box serves a folder alone. */
  private static DropBoxConfig withPort(DropBoxConfig c, int port) {
    return new DropBoxConfig(
        c.host(),
        port,
        c.root().resolveSibling("sftp-2"),
        c.hostKeyFile(),
        c.labKeys(),
        c.ingestKey(),
        c.listener());
  }

  /** "ssh-ed25519 AAAA…" without host or comment. */
  private static String keyPart(String line) {
    String[] fields = line.split(" ");
    int type = line.startsWith("ssh-") ? 0 : 1;
    return fields[type] + " " + fields[type + 1];
  }
}
