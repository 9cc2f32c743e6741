package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Sockets;

/**
 * Red team: a hostile agency server offers a huge SSH channel window, then stops reading its socket
 * in the middle of an upload (TCP zero window). Were JSch's writer to block in a socket write while
 * holding the session's write lock, {@code Session.disconnect()} (which sends CHANNEL_CLOSE under
 * that lock first) would block the shared watch thread too. It holds: JSch pipelines at most 16
 * write requests and then waits for their acknowledgements, so the writer waits in a read, and the
 * read timeout cuts it off.
 */
class StalledWriteTest {
  @Test
  void aServerThatStopsReadingMidUpload_isCutOffByTheReadTimeout(@TempDir Path root)
      throws Exception {
    IngestAccount client = TargetFixture.client(root);
    try (AgencySftpServer server =
            TargetFixture.agency(
                root, client, s -> CoreModuleProperties.WINDOW_SIZE.set(s, 1L << 30));
        Freezer proxy = new Freezer(server.port(), 256 * 1024)) {
      SftpTarget target =
          TargetFixture.target(root, client, server, proxy.port(), "&readTimeout=2000");
      byte[] big = new byte[48 << 20];
      new Random(1).nextBytes(big);
      Path pkg = TargetFixture.stagedPackage(root, "i-item.pgp", big);

      TargetFixture.Upload lane = new TargetFixture.Upload(target, pkg);
      assertFalse(
          lane.stillRunningAfter(20_000),
          "the upload to a server that stopped reading was never cut off");
      assertInstanceOf(TargetUnavailable.class, lane.failure());
      assertTrue(
          lane.failure().getMessage().contains("stopped answering"), lane.failure().getMessage());
    }
  }

  /** Forwards TCP to a port, and stops reading from the client after {@code freezeAfter} bytes. */
  static final class Freezer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    Freezer(int target, long freezeAfter) throws IOException {
      socket = new ServerSocket();
      socket.setReceiveBufferSize(8192);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Sockets.takeEach(
          socket,
          "freezer",
          in -> {
            Socket out = new Socket("127.0.0.1", target);
            open.add(in);
            open.add(out);
            pump(in.getInputStream(), out.getOutputStream(), freezeAfter);
            pump(out.getInputStream(), in.getOutputStream(), Long.MAX_VALUE);
          });
    }

    int port() {
      return socket.getLocalPort();
    }

    private void pump(InputStream in, OutputStream out, long freezeAfter) {
      Sockets.daemon(
          "freezer-pump",
          () -> {
            byte[] buf = new byte[4096];
            long moved = 0;
            try {
              int n;
              while (moved < freezeAfter && (n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                moved += n;
              }
              // frozen: the connection stays open, nothing more is read from it
              while (!socket.isClosed()) {
                Thread.sleep(100);
              }
            } catch (IOException | InterruptedException e) {
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
