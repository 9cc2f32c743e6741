package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;

/**
 * Each lab's takes run apart, on real parts: while lab acme-ai's large upload is being taken
 * (copied into staging and hashed), lab other-lab's small submission, put in place just after it,
 * is taken too. The evidence is the order of the transfer log: other-lab's RECEIVED comes before
 * acme-ai's large upload is STAGED. When one consumer took every lab's loose files, and one timer
 * every lab's folders, one after another (the oldest file first, the first lab first), the small
 * submission waited for the large one and the order was the other way round.
 *
 * <p>Both are put straight into the labs' drop box folders, whole, as finished uploads leave them
 * (the large one a sparse file: made at once), so that both can be taken at the same poll: an
 * upload over SFTP is left for a second after it ends, and the embedded drop box's files are read
 * in place, so a large take lasts about as long as that second (docs/tuning.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FairIngestEndToEndTest {
  /** Large enough that taking it (copying and hashing it) lasts a second or more. */
  private static final long LARGE = 768L << 20;

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir static Path root;
  RunningExchange exchange;

  /** One submission handled first, so that no scenario also waits for the exchange to warm up. */
  @BeforeAll
  void startAndWarmUp() throws Exception {
    exchange = RunningExchange.start(root);
    exchange.upload("other-lab", "/inbox/warm-up.md", text("# Warming up\n"));
    Await.until(
        "a first submission delivered",
        PATIENCE,
        () ->
            events(Events.of(exchange.deployment), 0, "other-lab", EventType.DELIVERED).size()
                == RunningExchange.ELIGIBLE.size());
  }

  @AfterAll
  void stop() {
    if (exchange != null) {
      exchange.close();
    }
  }

  // first: the large folder is refused once copied (cheap), the large loose file goes on to be
  // sealed for every agency, which the end of the test class cuts short
  @Test
  @Order(1)
  void aLabsLargeFolder_doesNotDelayAnotherLabsFolder() throws Exception {
    long since = lastSeq();
    Path folder = root.resolve("aurora");
    Files.createDirectory(folder);
    largeWeights(folder.resolve("weights.safetensors"));
    // a sha256 the weights do not have: the folder is refused once it is copied whole, so the
    // machine does not go on to seal it while the next scenario runs
    Files.write(folder.resolve("submission.yaml"), manifest("weights.safetensors", "0".repeat(64)));
    Path card = root.resolve("card");
    Files.createDirectory(card);
    Files.write(card.resolve("card.md"), text("# A small model card\n"));
    Files.write(card.resolve("submission.yaml"), manifest("card.md", null));
    Files.move(folder, inbox("acme-ai").resolve("aurora"));
    Files.move(card, inbox("other-lab").resolve("card"));

    assertSmallTakenWhileLargeWasTaken(awaitBoth(since), since);
  }

  @Test
  @Order(2)
  void aLabsLargeLooseFile_doesNotDelayAnotherLabsLooseFile() throws Exception {
    long since = lastSeq();
    Path large = root.resolve("aurora.safetensors");
    largeWeights(large);
    Path card = root.resolve("card.md");
    Files.write(card, text("# A small model card\n"));
    Files.move(large, inbox("acme-ai").resolve("aurora.safetensors"));
    Files.move(card, inbox("other-lab").resolve("card.md"));

    assertSmallTakenWhileLargeWasTaken(awaitBoth(since), since);
  }

  /**
   * Handling runs apart too: acme-ai's two uploads of random bytes, slow to inspect, are taken;
   * then other-lab's small file. It is delivered before acme-ai's second upload is even classified:
   * that one waits for acme-ai's first, other-lab's for nobody. With two handling threads shared by
   * every lab, acme-ai's two would hold both, and other-lab's would wait for one to end.
   */
  @Test
  @Order(3)
  void aLabsSlowSubmissions_doNotDelayAnotherLabsHandling() throws Exception {
    long since = lastSeq();
    for (String name : List.of("slow-1.bin", "slow-2.bin")) {
      Path slow = root.resolve(name);
      randomBytes(slow, 128L << 20);
      Files.move(slow, inbox("acme-ai").resolve(name));
    }
    Await.until(
        "both of acme-ai's slow uploads taken",
        PATIENCE,
        () ->
            events(Events.of(exchange.deployment), since, "acme-ai", EventType.STAGED).size() == 2);
    exchange.upload("other-lab", "/inbox/card.md", text("# A small model card\n"));
    Await.until(
        "other-lab's file delivered to every agency",
        PATIENCE,
        () ->
            events(Events.of(exchange.deployment), since, "other-lab", EventType.DELIVERED).size()
                == RunningExchange.ELIGIBLE.size());
    List<AuditEvent> log = Events.of(exchange.deployment);
    long delivered =
        events(log, since, "other-lab", EventType.DELIVERED).stream()
            .mapToLong(AuditEvent::seq)
            .max()
            .orElseThrow();
    // acme-ai's two slow uploads are handled at once, but it inspects one at a time: the other
    // inspection process stays free for other-lab, whose card is delivered before acme-ai's second
    // upload is inspected
    List<AuditEvent> designated = events(log, since, "acme-ai", EventType.DESIGNATED);
    assertTrue(
        designated.size() < 2 || designated.get(1).seq() > delivered,
        "acme-ai's second slow upload was inspected (event "
            + (designated.size() < 2 ? "-" : designated.get(1).seq())
            + ") before other-lab's file was delivered (event "
            + delivered
            + "): other-lab waited for acme-ai's inspections");
  }

  private static void randomBytes(Path file, long size) throws Exception {
    java.util.Random random = new java.util.Random(42);
    byte[] buffer = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer);
      }
    }
  }

  /** The log once acme-ai's large upload is staged and other-lab's submission delivered. */
  private List<AuditEvent> awaitBoth(long since) throws Exception {
    Await.until(
        "acme-ai's large upload staged and other-lab's submission delivered to every agency",
        PATIENCE,
        () -> {
          List<AuditEvent> log = Events.of(exchange.deployment);
          return !events(log, since, "acme-ai", EventType.STAGED).isEmpty()
              && events(log, since, "other-lab", EventType.DELIVERED).size()
                  == RunningExchange.ELIGIBLE.size();
        });
    return Events.of(exchange.deployment);
  }

  private static void assertSmallTakenWhileLargeWasTaken(List<AuditEvent> log, long since) {
    List<AuditEvent> largeStaged = events(log, since, "acme-ai", EventType.STAGED);
    assertEquals(1, largeStaged.size(), "acme-ai's one large file staged: " + largeStaged);
    assertTrue(
        events(log, since, "acme-ai", EventType.RECEIVED).stream()
            .anyMatch(e -> e.item() != null && e.reason().contains(" " + LARGE + " bytes")),
        "the file staged is the large one: " + log);
    long staged = largeStaged.get(0).seq();
    List<AuditEvent> received = events(log, since, "other-lab", EventType.RECEIVED);
    assertFalse(received.isEmpty(), "other-lab's submission taken: " + log);
    for (AuditEvent taken : received) {
      assertTrue(
          taken.seq() < staged,
          "other-lab's submission was taken (event "
              + taken.seq()
              + ") only after acme-ai's large upload was staged (event "
              + staged
              + "): it waited for another lab's take");
    }
  }

  private static List<AuditEvent> events(
      List<AuditEvent> log, long since, String lab, EventType type) {
    return log.stream()
        .filter(e -> e.seq() > since && e.type() == type && lab.equals(e.lab()))
        .toList();
  }

  private long lastSeq() {
    return Events.of(exchange.deployment).stream().mapToLong(AuditEvent::seq).max().orElse(0);
  }

  private Path inbox(String lab) {
    return exchange.deployment.dropBox().resolve(lab).resolve("inbox");
  }

  /**
   * A safetensors file of {@link #LARGE} bytes: a JSON header, then one U8 tensor of zeros, left
   * sparse on disk. prex reads its header, not its payload, but takes and hashes every byte.
   */
  private static void largeWeights(Path file) throws Exception {
    long payload = LARGE - 8 - 128;
    String header =
        String.format(
            "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[%d],\"data_offsets\":[0,%d]}}",
            payload, payload);
    header = header + " ".repeat(128 - header.length());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(128).array());
      f.write(header.getBytes(StandardCharsets.US_ASCII));
      f.setLength(LARGE);
    }
  }

  private static byte[] manifest(String item, String sha256) {
    return text(
        String.join(
            "\n",
            "reference: fair-ingest",
            "release-date: " + LocalDate.now().plusDays(10),
            "items:",
            "  - path: " + item,
            sha256 == null ? "" : "    sha256: " + sha256,
            ""));
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
