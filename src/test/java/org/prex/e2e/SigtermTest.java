package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.ForkedServe;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * SIGTERM in the middle of a batch stops serve promptly; what was in flight is handled at the next
 * start: every upload is delivered to every agency exactly once, and nothing is quarantined for it.
 */
class SigtermTest {
  static final int FILES = 30;

  @Test
  void sigtermMidBatch_stopsWithinTenSeconds_andTheRestartDeliversEverythingOnce(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    ForkedServe first = ForkedServe.start(d, "077", null);
    try {
      try (SftpClient lab =
          SftpClient.connect(
              "acme-ai", first.port(), d.keys().resolve("labs/acme-ai"), d.dropBoxKnownHosts())) {
        for (int i = 0; i < FILES; i++) {
          lab.put(
              "/inbox/card-" + i + ".md",
              ("# Card " + i + "\n\nResults of run " + i + ".\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      Await.until(
          "a first delivery",
          Duration.ofSeconds(120),
          () -> Events.count(d, EventType.DELIVERED) > 0);
      long t0 = System.nanoTime();
      boolean stopped = first.stop(Duration.ofSeconds(10));
      if (!stopped) {
        threadDump(first.process().pid()); // what it was still doing
      }
      assertTrue(stopped, () -> "serve stops within 10 s of SIGTERM:\n" + first.output());
      System.out.printf("serve stopped %.1f s after SIGTERM%n", (System.nanoTime() - t0) / 1e9);
    } finally {
      first.close();
    }
    try (ForkedServe second = ForkedServe.start(d, "077", null)) {
      Await.until(
          "every upload answered",
          Duration.ofMinutes(4),
          () -> Events.count(d, EventType.RECEIPT_SENT) >= FILES);
      List<AuditEvent> events = Events.of(d);
      Set<String> delivered = new HashSet<>();
      for (AuditEvent e : events) {
        if (e.type() == EventType.DELIVERED) {
          assertTrue(delivered.add(e.item() + "/" + e.agency()), "delivered twice: " + e.item());
        }
      }
      assertEquals(FILES * RunningExchange.ELIGIBLE.size(), delivered.size());
      assertEquals(0, Events.count(d, EventType.QUARANTINED), "nothing held for being in flight");
    }
  }

  private static void threadDump(long pid) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      System.out.println(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      System.out.println("no thread dump: " + e);
    }
  }
}
