package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/** Only registered keys log in, each only as its own account; only the sftp subsystem runs. */
class AuthenticationTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void unregisteredKey_isRefused_andReported() throws Exception {
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, ACME, fx.strangerKey.privateKey()).close());
    assertRefused(ACME, KeyAuthenticator.UNKNOWN_KEY);
  }

  @Test
  void unknownUser_isRefused_andReported() throws Exception {
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, "mallory", fx.acmeKey.privateKey()).close());
    assertRefused("mallory", KeyAuthenticator.UNKNOWN_USER);
  }

  @Test
  void passwordLogin_isRefused_andReported() throws Exception {
    JSchException e =
        assertThrows(
            JSchException.class,
            () -> SftpClient.connectWithPassword(fx.box, ACME, "hunter2").close());
    assertTrue(e.getMessage().toLowerCase().contains("auth"), e.getMessage());
    assertRefused(ACME, LoginAudit.NO_KEY_OFFERED);
  }

  @Test
  void openSshWithPasswordOnly_isRefused() throws Exception {
    Path knownHosts = fx.dir.resolve("known_hosts_pw");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
    Path batch = fx.dir.resolve("batch_pw");
    Files.writeString(batch, "ls\n");
    // no key (-i /dev/null): only password and keyboard-interactive left, which the server lacks
    assertThrows(
        java.io.IOException.class,
        () -> LabUploadTest.openSshSftp(batch, knownHosts, ACME, Path.of("/dev/null")));
    assertTrue(
        fx.listener.await(RecordingListener.Kind.LOGIN_REFUSED, ACME, null, null).isPresent(),
        fx.listener.events().toString());
  }

  @Test
  void labKey_cannotLogInAsIngest_norAsAnotherLab() throws Exception {
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, DropBox.INGEST_USER, fx.acmeKey.privateKey()).close());
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, DropBoxFixture.BETA, fx.acmeKey.privateKey()).close());
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, ACME, fx.ingestKey.privateKey()).close());
    assertRefused(DropBox.INGEST_USER, KeyAuthenticator.UNKNOWN_KEY);
    assertRefused(DropBoxFixture.BETA, KeyAuthenticator.UNKNOWN_KEY);
    assertRefused(ACME, KeyAuthenticator.UNKNOWN_KEY);
  }

  @Test
  void successfulLogin_reportsNothing() throws Exception {
    try (SftpClient acme = fx.acme()) {
      acme.channel().pwd();
    }
    Thread.sleep(200);
    assertEquals(0, fx.listener.events().size(), fx.listener.events().toString());
  }

  @Test
  void refusedLogin_reportsAddressButNoKeyMaterial() throws Exception {
    assertThrows(
        JSchException.class,
        () -> SftpClient.connect(fx.box, ACME, fx.strangerKey.privateKey()).close());
    RecordingListener.Event event =
        fx.listener.await(RecordingListener.Kind.LOGIN_REFUSED, ACME, null, null).orElseThrow();
    assertTrue(event.where().startsWith("127.0.0.1:"), event.where());
    String keyBase64 =
        Files.readString(fx.strangerKey.privateKey().resolveSibling("stranger.pub")).split(" ")[1];
    assertTrue(!event.toString().contains(keyBase64.substring(0, 20)), event.toString());
  }

  @Test
  void exec_isRefused() throws Exception {
    try (Login login = new Login()) {
      ChannelExec exec = (ChannelExec) login.session().openChannel("exec");
      exec.setCommand("id");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      exec.setOutputStream(out);
      assertChannelFails(exec);
      assertEquals(0, out.size());
    }
  }

  @Test
  void shell_isRefused() throws Exception {
    try (Login login = new Login()) {
      assertChannelFails(login.session().openChannel("shell"));
    }
  }

  @Test
  void portForwarding_isRefused() throws Exception {
    try (Login login = new Login()) {
      Session session = login.session();
      ChannelDirectTCPIP tunnel = (ChannelDirectTCPIP) session.openChannel("direct-tcpip");
      tunnel.setHost("127.0.0.1");
      tunnel.setPort(fx.box.port());
      tunnel.setInputStream(new java.io.ByteArrayInputStream(new byte[0]));
      ByteArrayOutputStream fromTarget = new ByteArrayOutputStream();
      tunnel.setOutputStream(fromTarget);
      assertChannelFails(tunnel);
      Thread.sleep(300);
      assertEquals(0, fromTarget.size(), "the tunnel reached the target: " + fromTarget);
      assertThrows(JSchException.class, () -> session.setPortForwardingR(0, "127.0.0.1", 22));
    }
  }

  /** The channel either fails to start or is closed by the server at once with nothing run. */
  private static void assertChannelFails(Channel channel) throws InterruptedException {
    try {
      channel.connect(5_000);
    } catch (JSchException e) {
      return;
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (!channel.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(channel.isClosed() || !channel.isConnected(), "the server must refuse the channel");
    assertTrue(channel.getExitStatus() != 0, "exit status " + channel.getExitStatus());
  }

  private static void assertRefused(String user, String reason) throws InterruptedException {
    assertTrue(
        fx.listener.await(RecordingListener.Kind.LOGIN_REFUSED, user, null, reason).isPresent(),
        "expected loginRefused(" + user + ", …, " + reason + ") in " + fx.listener.events());
  }

  /** An authenticated acme-ai session without the sftp channel, to try other channel types. */
  private record Login(Session session) implements AutoCloseable {
    Login() throws JSchException {
      this(SftpClient.session(fx.box, ACME, fx.acmeKey.privateKey()));
    }

    @Override
    public void close() {
      session.disconnect();
    }
  }
}
