package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal beside the H2 log: what H2's crash recovery drops after a kill -9 comes back, with
 * the same seq, time and leaf hash, when the log is next opened for writing.
 */
class JournalTest {
  @TempDir Path data;

  private List<AuditEvent> appendWithCheckpoints(AuditLog log, int from, int to) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      events.add(
          log.append(
              EventDraft.of(i % 3 == 0 ? EventType.DELIVERED : EventType.RECEIVED)
                  .lab("acme-ai")
                  .submission("sub-" + (i / 5))
                  .item("itm-" + i)
                  .agency(i % 3 == 0 ? "caisi" : null)
                  .reason(i % 7 == 0 ? "file \"a\tb.txt\"\nsecond line ✓" : null)));
      if (i % 10 == 0) {
        log.checkpoint(AuditFixtures::fakeSign);
      }
    }
    return events;
  }

  /** Makes the database look as H2's recovery leaves it: the last events and checkpoints gone. */
  private void loseTail(long keep) throws Exception {
    AuditFixtures.sql(
        data,
        "DELETE FROM audit_event WHERE seq > " + keep,
        "DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) > " + keep,
        "DELETE FROM checkpoint WHERE tree_size > " + keep,
        "DELETE FROM workflow_state WHERE seq > " + keep,
        "UPDATE log_head SET tree_size = "
            + keep
            + ", last_time_ms = (SELECT COALESCE(MAX(time_ms), 0) FROM audit_event)");
  }

  private void sql(String statement) throws Exception {
    AuditFixtures.sql(data, statement);
  }

  @Test
  void eventsTheDatabaseLost_comeBackIdentical_whenOpenedForWriting() throws Exception {
    List<AuditEvent> appended;
    String lastCheckpoint;
    try (AuditLog log = AuditLog.open(data)) {
      appended = appendWithCheckpoints(log, 1, 43);
      lastCheckpoint = log.checkpoint(AuditFixtures::fakeSign);
    }
    loseTail(38);

    try (AuditLog reader = AuditLog.openReadOnly(data)) {
      assertEquals(38, reader.size(), "a read-only open does not replay");
    }
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(43, log.size());
      assertEquals(appended, log.list(AuditQuery.all()));
      assertEquals(lastCheckpoint, log.latestCheckpoint().orElseThrow());
      assertTrue(
          log.reached(EventType.DELIVERED, null, "itm-42", "caisi"),
          "the workflow state comes back with its event");
      assertTrue(log.appendOnce(AuditFixtures.delivered(42).submission("sub-8")).isEmpty());
      LogCheck check = log.verify();
      assertTrue(check.intact(), check.problem());
      assertEquals(5, check.storedCheckpoints().size());
      AuditEvent next = log.append(EventDraft.of(EventType.PURGED).item("itm-44"));
      assertEquals(44, next.seq());
      assertFalse(next.time().isBefore(appended.get(42).time()));
    }
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(44, log.size(), "nothing is replayed twice");
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void aBatchTheDatabaseLost_comesBackWhole_fromItsOneJournalWrite() throws Exception {
    List<AuditEvent> appended;
    try (AuditLog log = AuditLog.open(data)) {
      appended = new ArrayList<>(appendWithCheckpoints(log, 1, 5));
      appended.addAll(
          log.appendAll(
              List.of(
                  EventDraft.of(EventType.SEALED).lab("acme-ai").item("itm-6").agency("caisi"),
                  EventDraft.of(EventType.SEALED).lab("acme-ai").item("itm-6").agency("nsa"),
                  EventDraft.of(EventType.SEALED).lab("acme-ai").item("itm-6").agency("cisa"))));
    }
    loseTail(6); // H2 kept the batch's first event only
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(8, log.size());
      assertEquals(appended, log.list(AuditQuery.all()));
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void aCheckpoint_forcesTheJournalToTheDisk_beforeItLeaves_onceForWhatItCovers() throws Exception {
    Journal journal = Journal.acquire(LogStore.location(data));
    try (AuditLog log = AuditLog.open(data)) {
      appendWithCheckpoints(log, 1, 3);
      long before = journal.forces();
      log.checkpoint(AuditFixtures::fakeSign);
      assertEquals(before + 1, journal.forces(), "a new checkpoint forces the journal");
      log.checkpoint(AuditFixtures::fakeSign);
      log.latestCheckpoint();
      log.prove(2);
      assertEquals(before + 1, journal.forces(), "nothing new to cover: no second flush");
      appendWithCheckpoints(log, 4, 4);
      log.checkpoint(AuditFixtures::fakeSign);
      assertEquals(before + 2, journal.forces());
    } finally {
      journal.release();
    }
  }

  @Test
  void aRotation_forcesTheFileItRetires() throws Exception {
    int segment = Journal.segmentEvents;
    Journal.segmentEvents = 10;
    Journal journal = Journal.acquire(LogStore.location(data));
    try (AuditLog log = AuditLog.open(data)) {
      for (int i = 1; i <= 25; i++) {
        log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").submission("s" + i));
      }
      assertEquals(2, journal.forces(), "two rotations, no checkpoint");
    } finally {
      journal.release();
      Journal.segmentEvents = segment;
    }
  }

  @Test
  void aRotatedJournal_keepsAtLeastTheLastSegment_andStillRestores() throws Exception {
    int before = Journal.segmentEvents;
    Journal.segmentEvents = 10;
    try {
      List<AuditEvent> appended;
      try (AuditLog log = AuditLog.open(data)) {
        appended = appendWithCheckpoints(log, 1, 57);
      }
      Path dir = data.resolve("audit");
      assertTrue(Files.isRegularFile(dir.resolve(Journal.PREVIOUS)));
      long lines =
          Files.readAllLines(dir.resolve(Journal.PREVIOUS)).size()
              + Files.readAllLines(dir.resolve(Journal.FILE)).size();
      assertTrue(lines >= 10 && lines <= 2 * 10 + 6, "lines kept: " + lines);
      loseTail(50);
      try (AuditLog log = AuditLog.open(data)) {
        assertEquals(appended, log.list(AuditQuery.all()));
        assertTrue(log.verify().intact(), log.verify().problem());
      }
    } finally {
      Journal.segmentEvents = before;
    }
  }

  @Test
  void aStoredEventThatDiffersFromTheJournal_isRefused_namingItsSeq() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      appendWithCheckpoints(log, 1, 5);
    }
    sql("UPDATE audit_event SET reason = 'rewritten' WHERE seq = 3");
    AuditLogException e = assertThrows(AuditLogException.class, () -> AuditLog.open(data));
    assertTrue(e.getMessage().contains("event 3 "), e.getMessage());
    try (AuditLog reader = AuditLog.openReadOnly(data)) {
      assertEquals(5, reader.size(), "the reader still opens it, for audit verify");
    }
  }

  @Test
  void aGapTheJournalCannotFill_isRefused() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      appendWithCheckpoints(log, 1, 8);
    }
    Path journal = data.resolve("audit").resolve(Journal.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(journal));
    lines.removeIf(l -> l.startsWith("E {\"seq\":7,"));
    Files.write(journal, lines);
    loseTail(5);
    AuditLogException e = assertThrows(AuditLogException.class, () -> AuditLog.open(data));
    assertTrue(e.getMessage().contains("cannot restore event 7"), e.getMessage());
  }

  @Test
  void aLineCutShortByAKill_isIgnored_andTheNextLineStaysWhole() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      appendWithCheckpoints(log, 1, 3);
    }
    Path journal = data.resolve("audit").resolve(Journal.FILE);
    Files.writeString(
        journal, "E {\"seq\":4,\"timeMs\":1", java.nio.file.StandardOpenOption.APPEND);
    List<AuditEvent> appended;
    try (AuditLog log = AuditLog.open(data)) {
      appended = log.list(AuditQuery.all());
      appended.addAll(appendWithCheckpoints(log, 4, 6));
    }
    loseTail(3);
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(appended, log.list(AuditQuery.all()));
    }
  }

  @Test
  void everyAppendAChildReported_survivesSigkill() throws Exception {
    Process child = ChildJvm.start(KilledAppender.class, data.toString());
    List<String[]> reported = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        reported.add(line.split(" "));
        if (reported.size() == 3000) {
          // SIGKILL while it goes on appending; through the handle, as Process.destroyForcibly
          // would also close the pipe holding the lines it printed last
          child.toHandle().destroyForcibly();
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(reported.size() >= 3000, "child reported " + reported.size());
    try (AuditLog log = AuditLog.open(data)) {
      Map<Long, String> leaves =
          log.list(AuditQuery.all()).stream()
              .collect(Collectors.toMap(AuditEvent::seq, AuditEvent::leafHash));
      for (String[] r : reported) {
        assertEquals(r[1], leaves.get(Long.parseLong(r[0])), "event " + r[0]);
      }
      LogCheck check = log.verify();
      assertTrue(check.intact(), check.problem());
    }
  }
}
