package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.sshd.server.SshServer;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;

/**
 * What the SFTP delivery tests share: an {@link SftpTarget} for agency nsa that reaches a test
 * server (directly or through a test proxy), a staged package, and an upload run on a thread of its
 * own, as a lane runs it.
 */
final class TargetFixture {
  static final String USER = "nsa-drop";

  private TargetFixture() {}

  /** prex's side: its SFTP client key, under {@code root/prex-side}. */
  static IngestAccount client(Path root) throws Exception {
    return IngestAccount.create(root.resolve("prex-side"), root.resolve("prex-side/known_hosts"));
  }

  /** The agency server's jail, {@code root/agency-side/files}. */
  static Path files(Path root) {
    return root.resolve("agency-side/files");
  }

  /**
   * The agency's server for {@link #USER}, as {@link #agency(Path, IngestAccount, String,
   * Consumer)}.
   */
  static AgencySftpServer agency(Path root, IngestAccount client, Consumer<SshServer> tweak)
      throws IOException {
    return agency(root, client, USER, tweak);
  }

  /**
   * The agency's server for {@code user} on a free port, jailed to {@link #files}, taking {@code
   * client}'s key only, with its SSH settings changed by {@code tweak} before it starts.
   */
  static AgencySftpServer agency(
      Path root, IngestAccount client, String user, Consumer<SshServer> tweak) throws IOException {
    return AgencySftpServer.startTweaked(
        files(root), root.resolve("agency-side/host_key"), user, client.publicKey(), 0, tweak);
  }

  /**
   * A target at {@code port} (the server's, or a proxy's in front of it) that trusts {@code
   * server}.
   */
  static SftpTarget target(
      Path root, IngestAccount client, AgencySftpServer server, int port, String options)
      throws IOException {
    return target(root, client, server.knownHostsLine(), server.port(), port, options);
  }

  /**
   * A target at {@code port} that trusts the server's key ({@code knownHostsLine}, made for {@code
   * serverPort}), with more URI options ({@code "&readTimeout=2000"}).
   */
  static SftpTarget target(
      Path root,
      IngestAccount client,
      String knownHostsLine,
      int serverPort,
      int port,
      String options)
      throws IOException {
    Path known = root.resolve("prex-side/known_hosts");
    Files.writeString(
        known, knownHostsLine.replace("]:" + serverPort + " ", "]:" + port + " ") + "\n");
    return SftpTarget.of(
        "nsa",
        "sftp://"
            + USER
            + "@127.0.0.1:"
            + port
            + "/outbox?privateKeyFile="
            + client.privateKeyFile()
            + "&knownHostsFile="
            + known
            + options,
        root);
  }

  /** A staged package {@code t-package} of one file. */
  static Path stagedPackage(Path root, String file, byte[] content) throws IOException {
    Path pkg = root.resolve("staged/t-package");
    Files.createDirectories(pkg);
    Files.write(pkg.resolve(file), content);
    return pkg;
  }

  /** {@code target.put(pkg, "t-package")} on a daemon thread, as a lane would run it. */
  static final class Upload {
    final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Upload(SftpTarget target, Path pkg) {
      thread =
          new Thread(
              () -> {
                try {
                  target.put(pkg, "t-package");
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "test-lane");
      thread.setDaemon(true);
      thread.start();
    }

    /** Whether it is still running after waiting {@code millis}. */
    boolean stillRunningAfter(long millis) throws InterruptedException {
      thread.join(millis);
      return thread.isAlive();
    }

    Throwable failure() {
      return failure.get();
    }
  }
}
