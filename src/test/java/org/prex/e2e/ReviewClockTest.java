package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.serve.ServeOptions;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Events;
import org.prex.testing.Gpg;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.ShiftedClock;

/**
 * Release and retention driven by a clock across restarts (docs/review-cycle.md): what is due is
 * worked out from the log, so an exchange stopped before the release date sends the release notices
 * when it starts after it, marks the decontrol-on-release item DECONTROLLED, never sends a notice
 * twice, and asks for destruction once retention has ended.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.prex.testing.FastReviewTicks.class)
class ReviewClockTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void releaseThenRetention_areSentWhenDue_acrossRestarts(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    ShiftedClock clock = new ShiftedClock();
    ServeOptions options = new ServeOptions(d, "127.0.0.1", 0, null).withClock(clock);
    LocalDate release = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3);
    String manifest =
        String.join(
            "\n",
            "reference: aurora-3",
            "release-date: " + release,
            "recipients: [caisi, cisa]",
            "items:",
            "  - path: card.md",
            "    decontrol-on-release: true",
            "  - path: eval.md",
            "");
    try (RunningExchange exchange = RunningExchange.startWith(root, d, options)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/aurora-3");
        lab.put("/inbox/aurora-3/card.md", "# card\n".getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora-3/eval.md", "# eval\n".getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora-3/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
      }
      Receipt.await(exchange, "acme-ai", 1);
      Thread.sleep(1500); // a few ticks before the release date: nothing is due
      assertEquals(0, Events.count(d, EventType.NOTICE_SENT));
    }

    clock.advance(Duration.ofDays(4)); // past the release date, while stopped
    try (RunningExchange exchange = RunningExchange.startWith(root, d, options)) {
      Await.until(
          "release notices to both agencies",
          Duration.ofSeconds(30),
          () -> notices(d, "release").size() == 2);
      assertEquals(1, Events.count(d, EventType.DECONTROLLED));
      assertEquals("PUBLIC", Events.first(d, EventType.DECONTROLLED).designation());
      Gpg gpg = new Gpg(root.resolve("gnupg"));
      gpg.importFile(d.keys().resolve("exchange/signing.pub.asc"));
      gpg.importFile(exchange.agencySecret("cisa"));
      Path sealed = onlyNotice(exchange.outbox("cisa"));
      Gpg.Result r = gpg.run("--decrypt", sealed.toString());
      assertEquals(0, r.exit(), r.stderr());
      JsonNode n = JSON.readTree(ReviewCycleEndToEndTest.signedText(r.stdout()));
      assertEquals("release", n.get("type").asText());
      assertEquals("none", n.get("action").asText());
    }

    clock.advance(Duration.ofDays(91)); // retention (P90D after release) has ended
    try (RunningExchange exchange = RunningExchange.startWith(root, d, options)) {
      Await.until(
          "retention-ended notices to both agencies",
          Duration.ofSeconds(30),
          () -> notices(d, "retention-ended").size() == 2);
      Thread.sleep(1000); // more ticks: nothing is sent twice
      assertEquals(2, notices(d, "release").size());
      assertEquals(2, notices(d, "retention-ended").size());
      assertEquals(1, Events.count(d, EventType.DECONTROLLED));
    }
    Cli.Run pending =
        Cli.prex(
            "audit",
            "pending",
            "--data",
            d.data().toString(),
            "--at",
            clock.instant().toString(),
            "--format",
            "json");
    assertEquals(0, pending.code(), pending.err());
    JsonNode rows = JSON.readTree(pending.out());
    // each agency: an overdue acknowledgment, and a destruction not yet due
    assertEquals(4, rows.size(), pending.out());
    for (JsonNode row : rows) {
      boolean ack = row.get("awaiting").asText().equals("acknowledgment");
      assertEquals(ack, row.get("overdue").asBoolean(), row.toString());
    }
  }

  @Test
  void aReleaseFurtherAheadThanTheWindow_isFlagged_orRefused(@TempDir Path root) throws Exception {
    String far = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(45).toString();
    String manifest = "reference: far\nrelease-date: " + far + "\nitems:\n  - path: card.md\n";
    RunningExchange.Setup warn = RunningExchange.setUp(root.resolve("warn"));
    try (RunningExchange exchange = warn.start()) {
      submit(exchange, manifest);
      JsonNode receipt = Receipt.await(exchange, "acme-ai", 1).get(0).json();
      assertEquals("delivered", receipt.get("outcome").asText());
      assertTrue(
          receipt.get("release-window").asText().contains("45 days ahead"), receipt.toString());
    }
    RunningExchange.Setup reject =
        RunningExchange.setUp(root.resolve("reject"))
            .policy(
                "release-window: { max-days-before: 30, outside: warn }",
                "release-window: { max-days-before: 30, outside: reject }");
    try (RunningExchange exchange = reject.start()) {
      submit(exchange, manifest);
      JsonNode receipt = Receipt.await(exchange, "acme-ai", 1).get(0).json();
      assertEquals("rejected", receipt.get("outcome").asText());
      assertTrue(
          receipt.get("rejected-because").asText().contains("45 days ahead"), receipt.toString());
      assertEquals(List.of(), exchange.transfers("caisi"));
    }
  }

  private static void submit(RunningExchange exchange, String manifest) throws Exception {
    try (SftpClient lab = exchange.connect("acme-ai")) {
      lab.channel().mkdir("/inbox/far");
      lab.put("/inbox/far/card.md", "# card\n".getBytes(StandardCharsets.UTF_8));
      lab.put("/inbox/far/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<AuditEvent> notices(Deployment d, String type) {
    return Events.of(d).stream()
        .filter(e -> e.type() == EventType.NOTICE_SENT)
        .filter(e -> e.reason().startsWith(type + " notice"))
        .toList();
  }

  private static Path onlyNotice(Path outbox) throws Exception {
    try (Stream<Path> s = Files.list(outbox.resolve("notices"))) {
      List<Path> files = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, files.size(), files.toString());
      assertTrue(files.get(0).getFileName().toString().endsWith(".json.pgp"));
      return files.get(0);
    }
  }
}
