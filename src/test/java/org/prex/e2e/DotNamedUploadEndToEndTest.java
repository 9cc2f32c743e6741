package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * A loose file whose name starts with a dot is a client's temporary name until it is renamed, and
 * the SFTP consumer skips such names. One never renamed used to stay in the inbox for ever, neither
 * taken nor answered. It is now taken, delivered and answered like any other once left unchanged
 * for partial-upload-max-age; a temporary name renamed in time is taken only under its final name.
 */
class DotNamedUploadEndToEndTest {
  private static final Duration MAX_AGE = Duration.ofSeconds(5);

  @Test
  void aDotNamedLooseFile_isTakenAfterPartialUploadMaxAge_andARenamedOneUnderItsFinalName(
      @TempDir Path root) throws Exception {
    try (RunningExchange exchange =
        RunningExchange.setUp(root)
            .policy("partial-upload-max-age: P2D", "partial-upload-max-age: PT5S")
            .start()) {
      Instant uploaded = Instant.now();
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/.model.bin", "weights left under a dot name\n".getBytes(UTF8));
        // the temporary-name convention: written under a dot name, then renamed into place
        lab.put("/inbox/.card.md.tmp", "# card\n".getBytes(UTF8));
        lab.channel().rename("/inbox/.card.md.tmp", "/inbox/card.md");
      }
      Await.until(
          "both uploads delivered to every eligible agency and answered",
          Duration.ofSeconds(60),
          () ->
              count(exchange, EventType.DELIVERED) == 2 * RunningExchange.ELIGIBLE.size()
                  && count(exchange, EventType.RECEIPT_SENT) == 2);
      List<AuditEvent> received =
          events(exchange).stream().filter(e -> e.type() == EventType.RECEIVED).toList();
      assertEquals(2, received.size(), "each upload taken once: " + received);
      AuditEvent dotted = only(received, ": .model.bin");
      only(received, ": card.md");
      assertFalse(
          received.stream().anyMatch(e -> e.reason().contains(".card.md.tmp")),
          "the temporary name renamed in time is never taken as such");
      assertFalse(
          dotted.time().isBefore(uploaded.plus(MAX_AGE)),
          "the dot-named file is taken only after partial-upload-max-age: received at "
              + dotted.time()
              + ", uploaded at "
              + uploaded);
      assertEquals(
          0, count(exchange, EventType.REJECTED), "neither upload is refused: " + events(exchange));
      Path inbox = exchange.deployment.dropBox().resolve("acme-ai/inbox");
      try (var left = Files.list(inbox)) {
        assertEquals(List.of(), left.toList(), "the inbox is emptied");
      }
      Path sightings = exchange.deployment.data().resolve("ingest/first-seen-acme-ai.tsv");
      assertTrue(Files.isRegularFile(sightings), "first sightings are kept across reloads");
      assertFalse(
          Files.readString(sightings).contains(".model.bin"),
          "a taken file's sighting is forgotten");
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static AuditEvent only(List<AuditEvent> received, String suffix) {
    List<AuditEvent> matching = received.stream().filter(e -> e.reason().endsWith(suffix)).toList();
    assertEquals(1, matching.size(), "one RECEIVED ending " + suffix + ": " + received);
    return matching.get(0);
  }

  private static long count(RunningExchange exchange, EventType type) {
    return events(exchange).stream().filter(e -> e.type() == type).count();
  }

  private static List<AuditEvent> events(RunningExchange exchange) {
    try (AuditLog log = AuditLog.openReadOnly(exchange.deployment.data())) {
      return log.list(AuditQuery.all());
    }
  }
}
