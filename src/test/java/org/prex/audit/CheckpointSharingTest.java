package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.verify.Checkpoint;

/**
 * Checkpoints are shared by whoever they cover, and whoever asks gets one that covers what it asked
 * for: the events before its call, or the first N it names.
 */
class CheckpointSharingTest {

  private static long size(String signed) {
    return Checkpoint.parseSigned(signed).size();
  }

  private static AuditEvent append(AuditLog log, int i) {
    return log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").submission("s-" + i));
  }

  @Test
  void theNewestCheckpoint_isSharedWhenItCoversWhatIsAsked_elseANewOneIsMade(@TempDir Path data) {
    try (AuditLog log = AuditLog.open(data)) {
      for (int i = 0; i < 3; i++) {
        append(log, i);
      }
      String first = log.checkpoint(AuditFixtures::fakeSign);
      assertEquals(3, size(first));
      append(log, 3);
      append(log, 4);

      assertEquals(first, log.checkpoint(AuditFixtures::fakeSign, 3), "covers the first 3");
      String second = log.checkpoint(AuditFixtures::fakeSign, 4);
      assertNotEquals(first, second);
      assertEquals(5, size(second), "a new one covers every event so far");
      assertEquals(second, log.checkpoint(AuditFixtures::fakeSign));
    }
  }

  @Test
  void aRecordedCheckpoint_isTheNewest_andHandedOutCoveringEverySoFar(@TempDir Path data) {
    try (AuditLog log = AuditLog.open(data)) {
      append(log, 0);
      append(log, 1);
      log.recordCheckpoint(AuditFixtures::fakeSign);
      assertEquals(2, size(log.latestCheckpoint().orElseThrow()));
      assertEquals(log.latestCheckpoint().orElseThrow(), log.checkpoint(AuditFixtures::fakeSign));
    }
    // made, and in the file: a reopened log has it
    try (AuditLog log = AuditLog.openReadOnly(data)) {
      assertEquals(2, size(log.latestCheckpoint().orElseThrow()));
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void checkpointsAskedForAtOnce_eachCoverTheirOwnEvent(@TempDir Path data) throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<long[]>> asked = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          int n = i;
          asked.add(
              pool.submit(
                  () -> {
                    long seq = append(log, n).seq();
                    return new long[] {seq, size(log.checkpoint(AuditFixtures::fakeSign, seq))};
                  }));
        }
        for (Future<long[]> f : asked) {
          long[] seqAndSize = f.get();
          assertTrue(
              seqAndSize[1] >= seqAndSize[0],
              "event " + seqAndSize[0] + " under a checkpoint of " + seqAndSize[1]);
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(log.verify().intact());
    }
  }
}
