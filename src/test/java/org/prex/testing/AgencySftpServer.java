package org.prex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An agency's own SFTP server for delivery tests: one account, public-key login with one key only,
 * jailed to a folder, with a host key persisted in a file so that a restart on the same port is the
 * same host.
 */
public final class AgencySftpServer implements AutoCloseable {
  /** What a started server holds: kept private, the SSH server being mutable. */
  private record Running(SshServer server, String knownHostsLine, CountDownLatch released) {}

  private final Running running;

  private AgencySftpServer(Running running) {
    this.running = running;
  }

  public static AgencySftpServer start(
      Path root, Path hostKeyFile, String user, PublicKey allowed, int port) throws IOException {
    return start(root, hostKeyFile, user, allowed, port, false);
  }

  /**
   * A server that logs the client in and answers SSH (keep-alives included), but whose SFTP
   * subsystem never answers a request to open a file, until it is closed: a hung agency.
   */
  public static AgencySftpServer startHanging(
      Path root, Path hostKeyFile, String user, PublicKey allowed, int port) throws IOException {
    return start(root, hostKeyFile, user, allowed, port, true);
  }

  /**
   * A server that drops every {@code nth} SSH connection at once (a load balancer with one broken
   * backend, a flapping link): the agency keeps coming back and going down again.
   */
  public static AgencySftpServer startFlaky(
      Path root, Path hostKeyFile, String user, PublicKey allowed, int port, int nth)
      throws IOException {
    return start(root, hostKeyFile, user, allowed, port, false, nth, server -> {});
  }

  /**
   * A server with its SSH settings changed by {@code tweak} before it starts (e.g. a hostile
   * server's huge channel window).
   */
  public static AgencySftpServer startTweaked(
      Path root,
      Path hostKeyFile,
      String user,
      PublicKey allowed,
      int port,
      java.util.function.Consumer<SshServer> tweak)
      throws IOException {
    return start(root, hostKeyFile, user, allowed, port, false, 0, tweak);
  }

  private static AgencySftpServer start(
      Path root, Path hostKeyFile, String user, PublicKey allowed, int port, boolean hang)
      throws IOException {
    return start(root, hostKeyFile, user, allowed, port, hang, 0, server -> {});
  }

  private static AgencySftpServer start(
      Path root,
      Path hostKeyFile,
      String user,
      PublicKey allowed,
      int port,
      boolean hang,
      int nth,
      java.util.function.Consumer<SshServer> tweak)
      throws IOException {
    Files.createDirectories(root);
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKey.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server.setKeyPairProvider(hostKey);
    server.setPublickeyAuthenticator(
        (u, key, session) -> user.equals(u) && KeyUtils.compareKeys(allowed, key));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    CountDownLatch released = new CountDownLatch(1);
    if (hang) {
      sftp.addSftpEventListener(
          new SftpEventListener() {
            @Override
            public void opening(ServerSession session, String remoteHandle, Handle localHandle) {
              try {
                released.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
    }
    server.setSubsystemFactories(List.of(sftp));
    if (nth > 0) {
      java.util.concurrent.atomic.AtomicInteger sessions =
          new java.util.concurrent.atomic.AtomicInteger();
      server.addSessionListener(
          new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
              if (sessions.incrementAndGet() % nth == 0) {
                session.close(true);
              }
            }
          });
    }
    tweak.accept(server);
    try {
      server.start();
    } catch (IOException e) {
      server.stop(true); // its threads go with it, and a caller may try again
      throw e;
    }
    PublicKey hostPublic = hostKey.loadKeys(null).iterator().next().getPublic();
    String line = "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostPublic);
    return new AgencySftpServer(new Running(server, line, released));
  }

  public int port() {
    return running.server().getPort();
  }

  /** The known_hosts line of this server. */
  public String knownHostsLine() {
    return running.knownHostsLine();
  }

  @Override
  public void close() throws IOException {
    running.released().countDown();
    running.server().stop(true);
  }
}
