package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.prex.serve.IngestAccount;

/**
 * What the SFTP delivery tests share: an {@link SftpTarget} for agency nsa that reaches a test
 * server (directly or through a test proxy), a staged package, and an upload run on a thread of its
 * own, as a lane runs it.
 */
final class TargetFixture {
  static final String USER = "nsa-drop";

  private TargetFixture() {}

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
