package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.prex.testing.SftpAgency.AGENCY;
import static org.prex.testing.SftpAgency.USER;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

/**
 * Red team: an agency that flaps (every third connection dropped) comes back after each package and
 * goes down again before the next. The log must not pay per attempt for it: each waiting package's
 * wait is logged once, not once per flap (with a thousand packages waiting, once per flap is half a
 * million events).
 */
class FlappingAgencyTest {
  private static final int FILES = 4;

  @Test
  void aFlappingAgency_logsEachPackagesWaitOnce(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    SftpAgency a = SftpAgency.under(root);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (AgencySftpServer probe = a.start(port)) {
      a.trust(probe);
    }
    a.deliverTo(d, port, "&connectTimeout=2000&readTimeout=3000");
    AgencySftpServer server = null;
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        for (int i = 1; i <= FILES; i++) {
          lab.put(
              "/inbox/eval-" + i + ".txt",
              ("evaluation " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      Await.until(
          "every package waits for nsa, which is down",
          Duration.ofSeconds(90),
          () -> waits(d).size() == FILES);
      server =
          AgencySftpServer.startFlaky(
              a.files(), a.hostKey(), USER, a.client().publicKey(), port, 3);
      Await.until(
          "nsa gets all of them in the end",
          Duration.ofSeconds(120),
          () -> Events.count(d, EventType.DELIVERED, AGENCY) == FILES);
      Map<String, Long> perTransfer =
          waits(d).stream()
              .collect(Collectors.groupingBy(AuditEvent::transfer, Collectors.counting()));
      assertEquals(FILES, perTransfer.size());
      perTransfer.forEach(
          (transfer, n) ->
              assertEquals(1L, n, "wait of " + transfer + " logged once: " + perTransfer));
      assertEquals(FILES, a.transfers().size(), "each once");
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static List<AuditEvent> waits(Deployment d) {
    return Events.of(d).stream()
        .filter(
            e ->
                e.type() == EventType.DELIVERY_RETRY
                    && AGENCY.equals(e.agency())
                    && e.submission() != null)
        .toList();
  }
}
