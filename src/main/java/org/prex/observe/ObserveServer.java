package org.prex.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --http}: health and metrics over HTTP (docs/operations.md). Three read-only paths,
 * {@code /health/live}, {@code /health/ready} (200 when up, 503 when not, JSON) and {@code
 * /metrics} (Prometheus text); everything else is 404, any method but GET and HEAD 405. It serves
 * nothing else: no console, no upload, no JMX. It binds to loopback unless given another address,
 * and says so when it does.
 */
public final class ObserveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObserveServer.class);

  static {
    // the JDK server waits forever for a slow client's request by default, on one of the few
    // threads that also answer the probes: a request must be whole within 5 s
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "5");
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", "30");
    }
  }

  /** Threads answering requests: a few slow clients cannot hold every one. */
  public static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService threads;

  private ObserveServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts serving {@code health} and {@code metrics} at {@code address}. */
  public static ObserveServer start(HttpAddress address, Health health, Metrics metrics)
      throws IOException {
    InetSocketAddress at = new InetSocketAddress(address.host(), address.port());
    HttpServer server = HttpServer.create(at, 16);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "prex-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    boolean loopback = at.getAddress() != null && at.getAddress().isLoopbackAddress();
    java.util.Set<String> hosts = loopback ? loopbackHosts(server.getAddress().getPort()) : null;
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (hosts != null && !hosts.contains(host(exchange))) {
              // a web page the operator's browser opened may resolve its own name to 127.0.0.1
              // (DNS rebinding): it names itself in Host, and is not answered
              send(
                  exchange,
                  421,
                  "text/plain; charset=utf-8",
                  "served on loopback only, to Host 127.0.0.1, localhost or [::1] with the port\n",
                  false);
              return;
            }
            answer(exchange, health, metrics);
          } catch (IOException | RuntimeException e) {
            LOG.debug("health or metrics request failed: {}", e.getClass().getName());
          }
        });
    server.start();
    InetAddress bound = server.getAddress().getAddress();
    if (!bound.isLoopbackAddress()) {
      LOG.warn(
          "health and metrics are served on {}, not loopback: anyone who reaches it sees the"
              + " exchange's agencies, queues and JVM",
          server.getAddress());
    }
    return new ObserveServer(server, threads);
  }

  private static java.util.Set<String> loopbackHosts(int port) {
    return java.util.Set.of(
        "127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "127.0.0.1", "localhost");
  }

  private static String host(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host == null ? "" : host.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /** The port actually listened on (a free one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, Health health, Metrics metrics)
      throws IOException {
    String method = exchange.getRequestMethod();
    boolean head = "HEAD".equals(method);
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
    if (!head && !"GET".equals(method)) {
      exchange.getResponseHeaders().add("Allow", "GET, HEAD");
      send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n", false);
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    switch (path) {
      case "/health/live" -> {
        Health.Report r = health.live();
        send(exchange, r.up() ? 200 : 503, "application/json", r.json(), head);
      }
      case "/health/ready" -> {
        Health.Report r = health.ready();
        send(exchange, r.up() ? 200 : 503, "application/json", r.json(), head);
      }
      case "/metrics" ->
          send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), head);
      default ->
          send(
              exchange,
              404,
              "text/plain; charset=utf-8",
              "not found: /health/live, /health/ready and /metrics are served\n",
              head);
    }
  }

  private static void send(
      HttpExchange exchange, int status, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
