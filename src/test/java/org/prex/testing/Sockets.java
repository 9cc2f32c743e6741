package org.prex.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/** The stand-in servers' sockets (proxies, silent agencies), closed the one way. */
public final class Sockets {
  private Sockets() {}

  /** Stops {@code listening} taking connections, then closes every one it took. */
  public static void close(ServerSocket listening, List<Socket> taken) throws IOException {
    listening.close();
    for (Socket s : taken) {
      s.close();
    }
  }

  /** What a stand-in server does with each connection it takes. */
  public interface Taking {
    void take(Socket in) throws IOException, InterruptedException;
  }

  /**
   * Takes connections on {@code listening} on a daemon thread named {@code name}, each handed to
   * {@code taking}, until the socket is closed or {@code taking} fails.
   */
  public static void takeEach(ServerSocket listening, String name, Taking taking) {
    daemon(
        name,
        () -> {
          while (!listening.isClosed()) {
            try {
              taking.take(listening.accept());
            } catch (IOException | InterruptedException e) {
              return;
            }
          }
        });
  }

  /** Runs {@code work} on a started daemon thread named {@code name}. */
  public static void daemon(String name, Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }
}
