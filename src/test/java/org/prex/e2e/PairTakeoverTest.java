package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.audit.LogDatabase;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Events;
import org.prex.testing.ForkedServe;
import org.prex.testing.Postgres;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * Two serves as a pair on one data folder and one log on a real PostgreSQL server
 * (docs/operations.md, "Two nodes"): both take uploads, the leader handles them, and when the
 * leader is killed with SIGKILL in the middle of a batch the standby leads within 30 s and finishes
 * the work: every upload delivered to every eligible agency exactly once, an upload still open
 * through the standby never taken half-written, and the log one verifiable sequence.
 */
class PairTakeoverTest {
  static final int FILES = 30;
  private static final Pattern HTTP = Pattern.compile("health and metrics on http://([0-9.:]+)");

  @Test
  void theLeaderKilledMidBatch_theStandbyLeadsAndDeliversEverythingOnce(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path labKey = d.keys().resolve("labs/acme-ai");
    String url = Postgres.server().newDatabase();
    LogDatabase log = LogDatabase.postgres(url, Postgres.PASSWORD);
    Map<String, String> env = Map.of(LogDatabase.PASSWORD_ENV, Postgres.PASSWORD);
    ForkedServe a =
        ForkedServe.start(d, "077", null, env, "--pair", "a", "--http", "0", "--db", url);
    try (ForkedServe b =
        ForkedServe.start(d, "077", null, env, "--pair", "b", "--http", "0", "--db", url)) {
      Await.until(
          "node a leads", Duration.ofSeconds(60), () -> a.output().contains("prex leading"));
      assertTrue(get(b, "/health/ready").contains("\"role\":\"standby\""));
      assertTrue(get(a, "/health/ready").contains("\"role\":\"leader\""));

      try (SftpClient held =
          SftpClient.connect("acme-ai", b.port(), labKey, d.dropBoxKnownHosts("b"))) {
        // an upload through the standby, open across the whole takeover
        OutputStream open = held.channel().put("/inbox/held-open.md");
        open.write("# Held card\n\n".getBytes(StandardCharsets.UTF_8));
        open.flush();
        upload(d, a, b, labKey);
        Await.until(
            "a first delivery",
            Duration.ofSeconds(120),
            () -> Events.count(log, EventType.DELIVERED) > 0);
        a.process().destroyForcibly();
        long killed = System.nanoTime();
        Await.until(
            "node b leads", Duration.ofSeconds(60), () -> b.output().contains("prex leading"));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("node b led %.1f s after node a was killed%n", takeover.toMillis() / 1e3);
        assertTrue(takeover.compareTo(Duration.ofSeconds(30)) < 0, "took over in " + takeover);

        Await.until(
            "every finished upload answered",
            Duration.ofMinutes(4),
            () -> answered(log).size() >= FILES);
        Thread.sleep(2000); // time for a leader to take the open upload, if it would
        assertEquals(
            java.util.List.of(),
            takenAs(log, HELD),
            "the upload still open through the standby is not taken");
        assertEquals(FILES, answered(log).size(), "answered: " + answered(log));
        open.write("Finished after the takeover.\n".getBytes(StandardCharsets.UTF_8));
        open.close();
      }
      Await.until(
          "the held upload answered too",
          Duration.ofMinutes(2),
          () -> answered(log).size() >= FILES + 1);

      Set<String> delivered = new HashSet<>();
      for (AuditEvent e : Events.of(log)) {
        if (e.type() == EventType.DELIVERED) {
          assertTrue(delivered.add(e.item() + "/" + e.agency()), "delivered twice: " + e.item());
        }
      }
      assertEquals((FILES + 1) * RunningExchange.ELIGIBLE.size(), delivered.size());
      for (String agency : RunningExchange.ELIGIBLE) {
        try (Stream<Path> s = Files.list(d.outbox().resolve(agency))) {
          assertEquals(
              FILES + 1,
              s.filter(p -> !p.getFileName().toString().startsWith(".")).count(),
              "one package per upload in " + agency + "'s outbox");
        }
      }
      assertEquals(0, Events.count(log, EventType.QUARANTINED), "nothing held for the takeover");

      // the log is one sequence, and proves what both leaders' receipts say
      java.util.List<Path> receipts;
      try (Stream<Path> r = Files.list(d.dropBox().resolve("acme-ai/receipts"))) {
        receipts = r.filter(p -> p.toString().endsWith(".receipt.asc")).sorted().toList();
      }
      // each upload answered once; an upload node a had staged but not yet removed when it was
      // killed is taken again by node b, refused as taken before, and that refusal is answered too
      assertEquals(FILES + 1 + takenBefore(log).size(), receipts.size());
      java.util.Comparator<Path> byTime =
          java.util.Comparator.comparing(
              p -> {
                try {
                  return Files.getLastModifiedTime(p);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      for (Path receipt :
          java.util.List.of(
              receipts.stream().min(byTime).orElseThrow(),
              receipts.stream().max(byTime).orElseThrow())) {
        Cli.Run verify =
            Cli.prexWithEnv(
                env,
                "audit",
                "verify",
                "--db",
                url,
                "--data",
                d.data().toString(),
                "--keys",
                d.keys().toString(),
                "--checkpoint",
                receipt.toString());
        assertEquals(0, verify.code(), receipt + ": " + verify.out() + verify.err());
      }
      assertTrue(get(b, "/health/ready").contains("\"role\":\"leader\""));
      Matcher sealed =
          Pattern.compile("(?m)^prex_items_sealed_total(?:\\{[^}]*\\})? (\\S+)$")
              .matcher(get(b, "/metrics"));
      assertTrue(sealed.find(), "the new leader counts what it sealed");
      assertTrue(Double.parseDouble(sealed.group(1)) >= 1, sealed.group());
    } finally {
      a.close();
    }
  }

  private static final String HELD = "held-open.md";

  /**
   * The submissions answered (RECEIPT_SENT), but for uploads taken again after the kill and refused
   * as taken before: the upload node a had staged, whose drop-box copy it had not yet removed.
   */
  private static Set<String> answered(LogDatabase log) {
    Set<String> out = new java.util.TreeSet<>();
    for (AuditEvent e : Events.of(log)) {
      if (e.type() == EventType.RECEIPT_SENT) {
        out.add(e.submission());
      }
    }
    out.removeAll(takenBefore(log));
    return out;
  }

  private static Set<String> takenBefore(LogDatabase log) {
    Set<String> out = new java.util.TreeSet<>();
    for (AuditEvent e : Events.of(log)) {
      if (e.type() == EventType.REJECTED
          && e.reason() != null
          && e.reason().startsWith("identical to an upload already taken")) {
        out.add(e.submission());
      }
    }
    return out;
  }

  /** The submissions an upload of this name was taken as (RECEIVED names the file). */
  private static java.util.List<String> takenAs(LogDatabase log, String name) {
    return Events.of(log).stream()
        .filter(e -> e.type() == EventType.RECEIVED && e.reason() != null)
        .filter(e -> e.reason().endsWith(": " + name))
        .map(e -> e.submission() + " (" + e.time() + ")")
        .toList();
  }

  /** The batch, through both nodes' drop boxes in turn. */
  private static void upload(Deployment d, ForkedServe a, ForkedServe b, Path labKey)
      throws Exception {
    try (SftpClient viaA =
            SftpClient.connect("acme-ai", a.port(), labKey, d.dropBoxKnownHosts("a"));
        SftpClient viaB =
            SftpClient.connect("acme-ai", b.port(), labKey, d.dropBoxKnownHosts("b"))) {
      for (int i = 0; i < FILES; i++) {
        (i % 2 == 0 ? viaA : viaB)
            .put(
                "/inbox/card-" + i + ".md",
                ("# Card " + i + "\n\nResults of run " + i + ".\n")
                    .getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String get(ForkedServe serve, String path) throws Exception {
    Matcher m = HTTP.matcher(serve.output());
    assertTrue(m.find(), serve.output());
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + m.group(1) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
