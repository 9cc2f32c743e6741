package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.SftpAgency.AGENCY;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.AgencySftpServer;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpAgency;
import org.prex.testing.SftpClient;
import org.prex.testing.Sockets;

/**
 * A hung agency holds up no other (docs/delivery.md): each agency's packages wait in its own lane,
 * every remote step has a time limit, and the log hears of an outage when it starts and when it
 * ends, not of every attempt. The hung agency is a real TCP server that accepts and never says a
 * word, and a real SFTP server that logs prex in and then never answers.
 */
class HungAgencyTest {
  private static final List<String> OTHERS = List.of("caisi", "cisa", "doe-labs");

  @Test
  void aServerThatAcceptsAndNeverAnswers_holdsUpNobody_andTheLogHearsOfTheOutageOnce(
      @TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    int port;
    try (AgencySftpServer real = a.start(0)) {
      port = real.port();
      a.trust(real);
    }
    a.deliverTo(d, port, "&connectTimeout=2000&readTimeout=3000");
    AgencySftpServer server = null;
    try (Silent silent = new Silent(port);
        RunningExchange exchange = RunningExchange.start(root, d, null)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        for (int i = 1; i <= 3; i++) {
          lab.put(
              "/inbox/eval-" + i + ".txt",
              ("evaluation " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      Await.until(
          "the three other agencies have all three packages while nsa hangs",
          Duration.ofSeconds(60),
          () -> OTHERS.stream().allMatch(o -> exchange.transfers(o).size() == 3));
      assertEquals(0, Events.count(d, EventType.DELIVERED, AGENCY));
      Await.until(
          "prex tried nsa again and again",
          Duration.ofSeconds(60),
          () -> silent.accepted.get() >= 5);
      List<AuditEvent> retries = retries(d);
      assertEquals(
          1,
          retries.stream().filter(e -> e.submission() == null).count(),
          "one event for the agency going down, however many attempts: " + reasons(retries));
      AuditEvent down =
          retries.stream().filter(e -> e.submission() == null).findFirst().orElseThrow();
      assertTrue(down.reason().startsWith("agency down: agency nsa: "), down.reason());
      assertTrue(down.reason().contains("package(s) waiting"), down.reason());
      assertEquals(
          3,
          retries.stream()
              .filter(e -> e.submission() != null)
              .map(AuditEvent::transfer)
              .distinct()
              .count(),
          "one event for each waiting package: " + reasons(retries));
      assertEquals(4, retries.size(), "nothing per attempt: " + reasons(retries));
      assertEquals(
          0, Events.count(d, EventType.RECEIPT_SENT, null), "answered when delivered to all");

      silent.close();
      server = a.restart(port);
      Await.until(
          "nsa gets all three once it answers again",
          Duration.ofSeconds(120),
          () -> Events.count(d, EventType.DELIVERED, AGENCY) == 3);
      Await.until(
          "every submission answered",
          Duration.ofSeconds(30),
          () -> Events.count(d, EventType.RECEIPT_SENT, null) == 3);
      List<AuditEvent> after = retries(d);
      List<AuditEvent> back =
          after.stream().filter(e -> e.reason().startsWith("agency back")).toList();
      assertEquals(1, back.size(), reasons(after));
      assertNull(back.get(0).submission());
      assertTrue(
          back.get(0)
              .reason()
              .matches(
                  "agency back: delivered after ([5-9]|[1-9][0-9]+) failed attempt\\(s\\) over \\d+ s .*"),
          back.get(0).reason());
      assertEquals(5, after.size(), "down, three packages waiting, back: " + reasons(after));
      assertEquals(3, a.transfers().size(), "each once, no partial folder left");
      for (String other : OTHERS) {
        assertEquals(3, exchange.transfers(other).size(), other + " got each once");
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void aServerThatLogsInAndThenHangs_isCutOffByTheReadTimeout(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    AgencySftpServer hanging = a.serveHanging(d, "&readTimeout=2000");
    int port = hanging.port();
    AgencySftpServer server = null;
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.uploadEvaluation();
      Await.until(
          "the others delivered, nsa down for not answering",
          Duration.ofSeconds(60),
          () ->
              OTHERS.stream().allMatch(o -> exchange.transfers(o).size() == 1)
                  && retries(d).stream().anyMatch(e -> e.submission() == null));
      AuditEvent down =
          retries(d).stream().filter(e -> e.submission() == null).findFirst().orElseThrow();
      assertTrue(down.reason().contains("stopped answering (nothing for 2 s)"), down.reason());
      hanging.close();
      server = a.restart(port);
      Await.until(
          "delivered once the agency answers",
          Duration.ofSeconds(90),
          () -> Events.count(d, EventType.DELIVERED, AGENCY) == 1);
      Await.until(
          "answered",
          Duration.ofSeconds(30),
          () -> Events.count(d, EventType.RECEIPT_SENT, null) == 1);
      assertEquals(1, a.transfers().size(), "once, and the cut-off attempts' folders are gone");
    } finally {
      hanging.close();
      if (server != null) {
        server.close();
      }
    }
  }

  private static List<AuditEvent> retries(Deployment d) {
    return Events.of(d).stream()
        .filter(e -> e.type() == EventType.DELIVERY_RETRY && AGENCY.equals(e.agency()))
        .toList();
  }

  private static String reasons(List<AuditEvent> events) {
    return events.stream().map(e -> e.submission() + ": " + e.reason()).toList().toString();
  }

  /** Accepts every connection and never sends a byte; counts the connections. */
  private static final class Silent implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    Silent(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      Sockets.takeEach(
          socket,
          "silent-agency",
          in -> {
            held.add(in);
            accepted.incrementAndGet();
          });
    }

    @Override
    public void close() throws IOException {
      Sockets.close(socket, held);
    }
  }
}
