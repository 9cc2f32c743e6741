package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.remote.SftpFailure.Kind;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;

/** The session factory against a real SFTP server: one login, and each way a login fails. */
class SftpSessionsTest {
  private static final String USER = "agency-drop";

  @TempDir static Path root;
  private static IngestAccount client;
  private static AgencySftpServer server;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    client = IngestAccount.create(root.resolve("client"), root.resolve("client/known_hosts"));
    server =
        AgencySftpServer.start(
            root.resolve("files"), root.resolve("host_key"), USER, client.publicKey(), 0);
    knownHosts = Files.writeString(root.resolve("known_hosts"), server.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static SftpSessions.Login login(int port, Path key, Path known) {
    return new SftpSessions.Login(
        USER, "127.0.0.1", port, key, null, known, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void aSession_logsInWatched_andRunsSteps() throws Exception {
    Files.createDirectories(root.resolve("files/outbox"));
    AtomicReference<StallWatch> watched = new AtomicReference<>();
    try (SftpSession s =
        SftpSessions.open(
            login(server.port(), client.privateKeyFile(), knownHosts), watched::set)) {
      assertNotNull(watched.get(), "the watch is handed out before the login");
      assertTrue(s.alive());
      assertTrue(s.step(() -> s.sftp().stat("outbox").isDir()));
    }
  }

  @Test
  void aStopBeforeTheLogin_endsIt() {
    java.io.IOException stop = new java.io.IOException("stopped");
    java.io.IOException e =
        assertThrows(
            java.io.IOException.class,
            () ->
                SftpSessions.open(
                    login(server.port(), client.privateKeyFile(), knownHosts),
                    w -> {
                      throw stop;
                    }));
    assertEquals(stop, e);
  }

  @Test
  void eachFailedLogin_isTyped() throws Exception {
    Path stranger = Files.writeString(root.resolve("stranger_known_hosts"), "");
    assertFails(Kind.HOST_KEY, login(server.port(), client.privateKeyFile(), stranger));

    IngestAccount other =
        IngestAccount.create(root.resolve("other"), root.resolve("other/known_hosts"));
    assertFails(Kind.LOGIN_REFUSED, login(server.port(), other.privateKeyFile(), knownHosts));

    assertFails(
        Kind.KNOWN_HOSTS_MISSING,
        login(server.port(), client.privateKeyFile(), root.resolve("none")));
    assertFails(Kind.KEY_MISSING, login(server.port(), root.resolve("none"), knownHosts));
    Path notAKey = Files.writeString(root.resolve("not-a-key"), "hello\n");
    assertFails(Kind.KEY_UNREADABLE, login(server.port(), notAKey, knownHosts));

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SftpFailure none =
        assertFails(Kind.UNREACHABLE, login(closed, client.privateKeyFile(), knownHosts));
    assertEquals("ConnectException", none.causeName());
  }

  private static SftpFailure assertFails(Kind kind, SftpSessions.Login login) {
    SftpFailure e = assertThrows(SftpFailure.class, () -> SftpSessions.open(login, w -> {}));
    assertEquals(kind, e.kind(), e.toString());
    return e;
  }
}
