package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Sockets;

/**
 * Red team: a stop (SIGTERM, or a policy reload) comes while a lane is logging in to a slow agency
 * server. {@link SftpTarget#abort} only cut off a session that had finished its login, so the
 * stopped lane logged in anyway (up to connectTimeout later, after its 2 s join had given up on it)
 * and uploaded the package while the lane started by the reload delivered the same transfer: two
 * lanes writing one transfer, which docs/delivery.md says never happens. A stop must cut off the
 * login too, and no upload may start after it.
 */
class AbortDuringLoginTest {
  @Test
  void aStopDuringTheLogin_cutsItOff_andNothingIsUploadedAfterIt(@TempDir Path root)
      throws Exception {
    IngestAccount client = TargetFixture.client(root);
    Path files = TargetFixture.files(root);
    try (AgencySftpServer server = TargetFixture.agency(root, client, s -> {});
        SlowStart proxy = new SlowStart(server.port(), 3000)) {
      SftpTarget target = TargetFixture.target(root, client, server, proxy.port(), "");
      Path pkg = TargetFixture.stagedPackage(root, "manifest.json.pgp", "sealed".getBytes());

      TargetFixture.Upload lane = new TargetFixture.Upload(target, pkg);
      Thread.sleep(1000); // logging in: the server has not said a word yet
      target.abort();
      assertFalse(lane.stillRunningAfter(1500), "the login went on after the stop");
      assertNotNull(lane.failure(), "an aborted upload does not succeed");
      Thread.sleep(4000);
      assertFalse(
          Files.exists(files.resolve("outbox/t-package")),
          "the stopped lane delivered the package after the stop");
    }
  }

  /** Forwards TCP to a port; the server's first word comes {@code delayMillis} after accepting. */
  static final class SlowStart implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    SlowStart(int target, long delayMillis) throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Sockets.takeEach(
          socket,
          "slow-start",
          in -> {
            open.add(in);
            Thread.sleep(delayMillis);
            Socket out = new Socket("127.0.0.1", target);
            open.add(out);
            pump(in.getInputStream(), out.getOutputStream());
            pump(out.getInputStream(), in.getOutputStream());
          });
    }

    int port() {
      return socket.getLocalPort();
    }

    private static void pump(InputStream in, OutputStream out) {
      Sockets.daemon(
          "slow-start-pump",
          () -> {
            try {
              in.transferTo(out);
            } catch (IOException e) {
              // closed
            }
          });
    }

    @Override
    public void close() throws IOException {
      Sockets.close(socket, open);
    }
  }
}
