package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;
import static org.prex.sftp.DropBoxFixture.BETA;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.Await;
import org.prex.testing.SftpClient;

/**
 * Quotas, name rules, connection caps and timeouts, seen by real clients (JSch, which shows the
 * server's status message, and OpenSSH's {@code sftp}) against a drop box with small limits.
 */
class DropBoxLimitsTest {

  static final DropBoxLimits SMALL =
      new DropBoxLimits(
          5_000,
          3,
          2_000,
          Duration.ofSeconds(2),
          2,
          3,
          Duration.ofSeconds(3),
          Duration.ofMinutes(1));

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass(SMALL);

  @BeforeEach
  void emptyInboxes() throws Exception {
    for (String lab : List.of(ACME, BETA)) {
      try (var s = Files.walk(fx.inbox(lab))) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!p.equals(fx.inbox(lab))) {
            Files.delete(p);
          }
        }
      }
    }
  }

  @Test
  void aFileOverMaxFileBytes_isRefusedNamingTheQuota_andNothingIsLeft() throws Exception {
    try (SftpClient lab = fx.acme()) {
      SftpException e =
          assertThrows(SftpException.class, () -> put(lab, "/inbox/big.bin", new byte[2_500]));
      assertEquals(SftpConstants.SSH_FX_QUOTA_EXCEEDED, e.id);
      assertEquals("quota exceeded: max-file-bytes 2KB", e.getMessage());
      put(lab, "/inbox/fits.bin", new byte[2_000]);
    }
    Await.until(
        "the refused upload removed",
        Duration.ofSeconds(5),
        () -> !Files.exists(fx.inbox(ACME).resolve("big.bin")));
    assertEquals(2_000, Files.size(fx.inbox(ACME).resolve("fits.bin")));
  }

  @Test
  void filesOverInboxBytes_areRefused_otherLabsAreNotHeldUp() throws Exception {
    try (SftpClient lab = fx.acme()) {
      put(lab, "/inbox/a.bin", new byte[2_000]);
      put(lab, "/inbox/b.bin", new byte[2_000]);
      SftpException e =
          assertThrows(SftpException.class, () -> put(lab, "/inbox/c.bin", new byte[2_000]));
      assertEquals(SftpConstants.SSH_FX_QUOTA_EXCEEDED, e.id);
      assertEquals("quota exceeded: inbox-bytes 5KB", e.getMessage());
    }
    try (SftpClient other = fx.beta()) {
      put(other, "/inbox/c.bin", new byte[2_000]);
    }
    Files.delete(fx.inbox(ACME).resolve("a.bin")); // as the ingest side takes it
    try (SftpClient lab = fx.acme()) {
      put(lab, "/inbox/c.bin", new byte[2_000]);
    }
  }

  @Test
  void aFileOverInboxFiles_isRefused() throws Exception {
    try (SftpClient lab = fx.acme()) {
      put(lab, "/inbox/1", new byte[1]);
      put(lab, "/inbox/2", new byte[1]);
      put(lab, "/inbox/3", new byte[1]);
      SftpException e = assertThrows(SftpException.class, () -> put(lab, "/inbox/4", new byte[1]));
      assertEquals(SftpConstants.SSH_FX_QUOTA_EXCEEDED, e.id);
      assertEquals("quota exceeded: inbox-files 3", e.getMessage());
    }
    assertFalse(Files.exists(fx.inbox(ACME).resolve("4")));
  }

  @Test
  void openSshSftp_failsOverAQuota() throws Exception {
    Path local = fx.dir.resolve("big-local.bin");
    Files.write(local, new byte[2_500]);
    Path knownHosts = fx.dir.resolve("known_hosts");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
    Path batch = fx.dir.resolve("batch-quota");
    Files.writeString(batch, "put " + local + " /inbox/big.bin\n");
    IOException e =
        assertThrows(
            IOException.class,
            () -> LabUploadTest.openSshSftp(batch, knownHosts, ACME, fx.acmeKey.privateKey()));
    assertTrue(e.getMessage().contains("big.bin"), e.getMessage());
    // OpenSSH shows a status code's text only; the drop box says which quota on stderr
    assertTrue(e.getMessage().contains("prex: quota exceeded: max-file-bytes 2KB"), e.getMessage());
    Await.until(
        "the refused upload removed",
        Duration.ofSeconds(5),
        () -> !Files.exists(fx.inbox(ACME).resolve("big.bin")));
  }

  @Test
  void aNameOf255Bytes_isRefusedAtUpload_withAClearStatus() throws Exception {
    String name = "a".repeat(251) + ".bin";
    assertEquals(255, name.length());
    try (SftpClient lab = fx.acme()) {
      SftpException e =
          assertThrows(SftpException.class, () -> put(lab, "/inbox/" + name, new byte[10]));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, e.id);
      assertEquals(
          "invalid name: a name is 255 bytes long, at most 200 are allowed", e.getMessage());
      SftpException dir =
          assertThrows(SftpException.class, () -> lab.channel().mkdir("/inbox/" + name));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, dir.id);
      put(lab, "/inbox/ok.bin", new byte[10]);
      SftpException renamed =
          assertThrows(
              SftpException.class, () -> lab.channel().rename("/inbox/ok.bin", "/inbox/" + name));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, renamed.id);
      put(lab, "/inbox/" + "b".repeat(196) + ".bin", new byte[10]); // 200 bytes: allowed
    }
    try (var s = Files.list(fx.inbox(ACME))) {
      assertEquals(2, s.count(), "only the allowed names");
    }
  }

  @Test
  void aNameWithABackslash_isRefused_ratherThanLeftInTheInboxUntaken() throws Exception {
    try (SftpClient lab = fx.acme()) {
      // JSch reads a backslash in a remote path as an escape: two send one
      SftpException e =
          assertThrows(
              SftpException.class, () -> put(lab, "/inbox/back\\\\slash.txt", new byte[3]));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, e.id);
      assertTrue(e.getMessage().contains("backslash"), e.getMessage());
    }
    try (var s = Files.list(fx.inbox(ACME))) {
      assertEquals(0, s.count(), "nothing left in the inbox");
    }
  }

  @Test
  void aNameWithALineBreakOrOtherControlCharacter_isRefused() throws Exception {
    try (SftpClient lab = fx.acme()) {
      for (String name : java.util.List.of("x\nbeta", "tab\there", "bell\u0007")) {
        SftpException e =
            assertThrows(SftpException.class, () -> put(lab, "/inbox/" + name, new byte[3]));
        assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, e.id);
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
      }
      SftpException dir =
          assertThrows(SftpException.class, () -> lab.channel().mkdir("/inbox/a\nb"));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, dir.id);
    }
    try (var s = Files.list(fx.inbox(ACME))) {
      assertEquals(0, s.count(), "nothing left in the inbox");
    }
  }

  @Test
  void aNameThatIsNotUtf8_isRefused() throws Exception {
    try (SftpClient lab = fx.acme()) {
      lab.channel().setFilenameEncoding("ISO-8859-1"); // "é" goes out as the lone byte 0xE9
      SftpException e =
          assertThrows(SftpException.class, () -> put(lab, "/inbox/caf\u00e9.md", new byte[3]));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, e.id);
      assertEquals("invalid name: a name is not valid UTF-8", e.getMessage());
    }
    try (SftpClient lab = fx.acme()) {
      put(lab, "/inbox/caf\u00e9.md", new byte[3]); // as UTF-8: fine
    }
    assertTrue(Files.exists(fx.inbox(ACME).resolve("caf\u00e9.md")));
  }

  @Test
  void aLabHasAtMostItsSessions_theNextIsRefused() throws Exception {
    List<SftpClient> open = new ArrayList<>();
    try {
      open.add(fx.acme());
      open.add(fx.acme());
      assertThrows(JSchException.class, () -> fx.acme().close());
      try (SftpClient other = fx.beta()) {
        assertTrue(other.channel().ls("/inbox").size() >= 2, "another lab is not held up");
      }
      open.remove(0).close();
      awaitLogin("a slot free again");
    } finally {
      open.forEach(SftpClient::close);
    }
  }

  @Test
  void connectionsThatNeverLogIn_areCapped_andTimedOut() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        idle.add(new Socket("127.0.0.1", fx.box.port()));
      }
      Thread.sleep(300);
      try (Socket fourth = new Socket("127.0.0.1", fx.box.port())) {
        assertTrue(closedWithin(fourth, Duration.ofSeconds(2)), "past the cap: closed at once");
      }
      assertFalse(closedWithin(idle.get(0), Duration.ofMillis(500)), "within the cap: open");
      // the authentication timeout (3 s) then closes those that never log in
      for (Socket s : idle) {
        assertTrue(closedWithin(s, Duration.ofSeconds(6)), "closed by the auth timeout");
      }
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    awaitLogin("a real client logs in again");
  }

  @Test
  void aPartialUploadOlderThanTheMaxAge_isRemoved_aCompleteOneStays() throws Exception {
    try (SftpClient lab = fx.acme()) {
      put(lab, "/inbox/weights.bin.filepart", new byte[100]);
      put(lab, "/inbox/complete.bin", new byte[100]);
    }
    // an upload cut off: the client goes away with the file open
    Session session = SftpClient.session(fx.box, ACME, fx.acmeKey.privateKey());
    ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
    sftp.connect(15_000);
    var out = sftp.put("/inbox/cut.bin");
    out.write(new byte[50]);
    out.flush();
    session.disconnect();
    Await.until(
        "both partial uploads removed",
        Duration.ofSeconds(15),
        () ->
            !Files.exists(fx.inbox(ACME).resolve("weights.bin.filepart"))
                && !Files.exists(fx.inbox(ACME).resolve("cut.bin")));
    assertTrue(Files.exists(fx.inbox(ACME).resolve("complete.bin")));
  }

  private static void put(SftpClient client, String path, byte[] content) throws SftpException {
    client.channel().put(new java.io.ByteArrayInputStream(content), path);
  }

  private static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    long end = System.nanoTime() + timeout.toNanos();
    byte[] buf = new byte[1024];
    try {
      while (System.nanoTime() < end) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Waits until lab acme can log in again (and logs out at once). */
  private static void awaitLogin(String what) throws Exception {
    Await.until(
        what,
        Duration.ofSeconds(5),
        () -> {
          try {
            fx.acme().close();
            return true;
          } catch (Exception e) {
            return false;
          }
        });
  }
}
