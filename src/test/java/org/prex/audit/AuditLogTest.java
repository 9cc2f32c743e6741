package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path data;

  @Test
  void appendedEvent_listsBackWithEveryField_afterReopening() {
    EventDraft draft = AuditFixtures.everyField();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AuditEvent appended;
    try (AuditLog log = AuditLog.open(data)) {
      appended = log.append(draft);
    }
    assertEquals(1, appended.seq());
    assertEquals(draft, appended.draft());
    assertFalse(appended.time().isBefore(before));
    assertFalse(appended.time().isAfter(Instant.now()));
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(List.of(appended), log.list(AuditQuery.all()));
      assertEquals(1, log.size());
    }
    assertTrue(Files.isRegularFile(data.resolve("audit/prex.mv.db")));
  }

  @Test
  void seq_continuesAfterReopening_andTimeNeverGoesBack() {
    try (AuditLog log = AuditLog.open(data)) {
      for (int i = 0; i < 5; i++) {
        log.append(EventDraft.of(EventType.RECEIVED).item("i" + i));
      }
    }
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(6, log.append(EventDraft.of(EventType.STAGED).item("i0")).seq());
      List<AuditEvent> all = log.list(AuditQuery.all());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(AuditEvent::seq).toList());
      for (int i = 1; i < all.size(); i++) {
        assertFalse(all.get(i).time().isBefore(all.get(i - 1).time()), "time monotonic");
      }
    }
  }

  @Test
  void list_filtersByLabAgencySubmissionAndSince_combined() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").submission("s1").item("a"));
      log.append(EventDraft.of(EventType.ROUTED).lab("acme-ai").submission("s1").agency("caisi"));
      log.append(EventDraft.of(EventType.ROUTED).lab("acme-ai").submission("s1").agency("nsa"));
      log.append(EventDraft.of(EventType.RECEIVED).lab("other-lab").submission("s2").item("b"));
      Thread.sleep(5);
      Instant cut = Instant.now();
      Thread.sleep(5);
      log.append(
          EventDraft.of(EventType.DELIVERED).lab("acme-ai").submission("s3").agency("caisi"));

      assertEquals(List.of(1L, 2L, 3L, 5L), seqs(log, new AuditQuery("acme-ai", null, null, null)));
      assertEquals(List.of(2L, 5L), seqs(log, new AuditQuery(null, "caisi", null, null)));
      assertEquals(List.of(1L, 2L, 3L), seqs(log, new AuditQuery(null, null, "s1", null)));
      assertEquals(List.of(5L), seqs(log, new AuditQuery(null, null, null, cut)));
      assertEquals(List.of(2L), seqs(log, new AuditQuery("acme-ai", "caisi", "s1", null)));
      assertEquals(List.of(), seqs(log, new AuditQuery("nobody", null, null, null)));
    }
  }

  @Test
  void since_atAnEventsExactMillisecond_includesIt_andJustAfter_excludesIt() {
    try (AuditLog log = AuditLog.open(data)) {
      AuditEvent e = log.append(EventDraft.of(EventType.RECEIVED).item("x"));
      assertEquals(List.of(1L), seqs(log, new AuditQuery(null, null, null, e.time())));
      assertEquals(List.of(), seqs(log, new AuditQuery(null, null, null, e.time().plusNanos(1))));
    }
  }

  @Test
  void reached_matchesTheStateItemAndAgency_only() {
    try (AuditLog log = AuditLog.open(data)) {
      log.append(AuditFixtures.delivered(1));
      log.append(EventDraft.of(EventType.STAGED).submission("sub-0").item("itm-2"));
      log.append(EventDraft.of(EventType.REJECTED).submission("sub-7").reason("no"));
      assertTrue(log.reached(EventType.DELIVERED, null, "itm-1", "caisi"));
      assertTrue(log.reached(EventType.DELIVERED, "sub-0", "itm-1", "caisi"));
      assertFalse(log.reached(EventType.DELIVERED, "sub-1", "itm-1", "caisi"));
      assertFalse(log.reached(EventType.DELIVERED, null, "itm-1", "nsa"));
      assertFalse(log.reached(EventType.DELIVERED, null, "itm-9", "caisi"));
      assertFalse(log.reached(EventType.QUARANTINED, null, "itm-1", null));
      assertFalse(log.reached(EventType.STAGED, null, "itm-2", null), "STAGED marks no state");
      assertTrue(log.reachedAny(EventType.REJECTED, "sub-7"));
      assertFalse(log.reachedAny(EventType.REJECTED, "sub-0"));
      assertEquals(Set.of("itm-1"), log.itemsReached(EventType.DELIVERED, "sub-0"));
    }
  }

  @Test
  void appendOnce_logsAStateOnce_andRefusesATypeThatMarksNone() {
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(1, log.appendOnce(AuditFixtures.delivered(1)).orElseThrow().seq());
      assertTrue(log.appendOnce(AuditFixtures.delivered(1)).isEmpty(), "already delivered");
      assertEquals(2, log.appendOnce(AuditFixtures.delivered(1).agency("nsa")).orElseThrow().seq());
      assertEquals(2, log.size());
      assertThrows(
          IllegalArgumentException.class,
          () -> log.appendOnce(EventDraft.of(EventType.STAGED).item("itm-1")));
    }
  }

  @Test
  void appendOnce_fromManyThreadsAtOnce_leavesOneEvent() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      int threads = 8;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      List<java.util.concurrent.Future<Boolean>> logged = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        logged.add(
            pool.submit(
                () -> {
                  start.await();
                  return log.appendOnce(AuditFixtures.delivered(5)).isPresent();
                }));
      }
      int winners = 0;
      for (java.util.concurrent.Future<Boolean> f : logged) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, winners);
      assertEquals(1, log.size());
    }
  }

  @Test
  void aLogFromBeforeTheStateTable_getsItsStatesFromItsEvents_whenOpened() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      // what an older prex could leave: the same delivery logged twice
      log.append(AuditFixtures.delivered(3));
      log.append(AuditFixtures.delivered(3));
      log.append(EventDraft.of(EventType.RECEIPT_SENT).lab("acme-ai").submission("sub-0"));
    }
    AuditFixtures.sql(
        data, "DROP TABLE workflow_state", "DELETE FROM schema_version WHERE version = 4");
    try (AuditLog log = AuditLog.open(data)) {
      assertTrue(log.reached(EventType.DELIVERED, "sub-0", "itm-3", "caisi"));
      assertTrue(log.reachedAny(EventType.RECEIPT_SENT, "sub-0"));
      assertTrue(log.appendOnce(AuditFixtures.delivered(3)).isEmpty());
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void anotherProcess_appendsConcurrently_throughTheAutoServer() throws Exception {
    int each = 300;
    try (AuditLog log = AuditLog.open(data)) {
      log.append(EventDraft.of(EventType.RECEIVED).lab("parent"));
      Process child = ChildJvm.start(AppendingChild.class, data.toString(), "" + each, "child");
      try (var out = child.inputReader()) {
        assertEquals("ready", out.readLine());
        for (int i = 0; i < each; i++) {
          log.append(EventDraft.of(EventType.RECEIVED).lab("parent"));
        }
        String line;
        String last = null;
        while ((line = out.readLine()) != null) {
          last = line;
        }
        assertTrue(last != null && last.startsWith("appended "), "child appended: " + last);
      }
      assertEquals(0, child.waitFor());
      List<AuditEvent> all = log.list(AuditQuery.all());
      assertEquals(
          LongStream.rangeClosed(1, 2L * each + 1).boxed().toList(),
          all.stream().map(AuditEvent::seq).toList());
      assertEquals(each, all.stream().filter(e -> "child".equals(e.lab())).count());
    }
  }

  @Test
  void readOnlyInstance_readsWhileTheWriterIsOpen_andCannotAppend() {
    try (AuditLog writer = AuditLog.open(data)) {
      writer.append(EventDraft.of(EventType.RECEIVED).item("x"));
      try (AuditLog reader = AuditLog.openReadOnly(data)) {
        assertEquals(1, reader.list(AuditQuery.all()).size());
        writer.append(EventDraft.of(EventType.STAGED).item("x"));
        assertEquals(2, reader.list(AuditQuery.all()).size(), "sees new events");
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class,
                () -> reader.append(EventDraft.of(EventType.PURGED).item("x")));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      }
      assertEquals(3, writer.append(EventDraft.of(EventType.DESIGNATED).item("x")).seq());
    }
  }

  @Test
  void anotherProcess_readsWhileTheWriterIsOpen() throws Exception {
    try (AuditLog writer = AuditLog.open(data)) {
      writer.append(EventDraft.of(EventType.RECEIVED).item("x"));
      Process reader = ChildJvm.start(ReadingChild.class, data.toString());
      String out = new String(reader.getInputStream().readAllBytes());
      assertEquals(0, reader.waitFor(), out);
      assertEquals("events 1", out.strip());
      assertEquals(2, writer.append(EventDraft.of(EventType.STAGED).item("x")).seq());
    }
  }

  @Test
  void writerOpenedWhileAReaderProcessHostsTheDatabase_keepsWorkingAfterTheReaderExits()
      throws Exception {
    AuditLog.open(data).close();
    Process reader = ChildJvm.start(HoldingReader.class, data.toString());
    try (var out = reader.inputReader()) {
      PrintWriter in = new PrintWriter(reader.getOutputStream(), true);
      assertEquals("ready", out.readLine());
      try (AuditLog writer = AuditLog.open(data)) {
        writer.append(EventDraft.of(EventType.RECEIVED).item("x"));
        in.println();
        assertEquals("events 1", out.readLine(), "the reader sees the writer's event");
        in.close();
        assertEquals(0, reader.waitFor());
        assertEquals(2, writer.append(EventDraft.of(EventType.STAGED).item("x")).seq());
        assertEquals(2, writer.list(AuditQuery.all()).size());
      }
    }
  }

  @Test
  void openReadOnly_whereThereIsNoLog_saysSoAndNamesTheFolder() {
    NoAuditLogException e =
        assertThrows(NoAuditLogException.class, () -> AuditLog.openReadOnly(data));
    assertTrue(e.getMessage().contains(data.resolve("audit").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--data"), e.getMessage());
    assertFalse(Files.exists(data.resolve("audit/prex.mv.db")), "creates nothing");
  }

  @Test
  void appendedEvent_survivesTheProcessBeingKilled() throws Exception {
    Process child = ChildJvm.start(AppendingChild.class, data.toString(), "3", "killed", "hang");
    try (var out = child.inputReader()) {
      assertEquals("ready", out.readLine());
      for (int i = 1; i <= 3; i++) {
        assertEquals("appended " + i, out.readLine());
      }
      child.destroyForcibly();
      child.waitFor();
    }
    try (AuditLog log = AuditLog.open(data)) {
      assertEquals(3, log.list(AuditQuery.all()).size());
      assertEquals(4, log.append(EventDraft.of(EventType.RECEIVED)).seq());
    }
  }

  @Test
  void logWrittenByANewerSchema_isRefused() throws Exception {
    AuditLog.open(data).close();
    AuditFixtures.sql(data, "INSERT INTO schema_version VALUES (99, 0)");
    AuditLogException e = assertThrows(AuditLogException.class, () -> AuditLog.open(data));
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    assertThrows(AuditLogException.class, () -> AuditLog.openReadOnly(data));
  }

  @Test
  void closedLog_refusesWork() {
    AuditLog log = AuditLog.open(data);
    log.close();
    log.close();
    assertThrows(IllegalStateException.class, () -> log.list(AuditQuery.all()));
  }

  private static List<Long> seqs(AuditLog log, AuditQuery q) {
    return log.list(q).stream().map(AuditEvent::seq).toList();
  }
}
