package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.prex.audit.verify.Checkpoint;

/**
 * What the transfer log promises on either store (docs/audit-log.md, "Stores"): each store's test
 * class runs every test here against a real database of its kind.
 */
abstract class LogContract {
  /** Opens the test's log for writing, creating it the first time. */
  abstract AuditLog open();

  /** Opens the test's log for reading only. */
  abstract AuditLog openReadOnly();

  /** Runs SQL on the test's log behind prex's back. */
  abstract void sql(String... statements) throws Exception;

  @Test
  void checkpointsAndProofs_verify_andAChangedEvent_isFoundByItsSeq() throws Exception {
    try (AuditLog log = open()) {
      for (int i = 1; i <= 20; i++) {
        log.append(AuditFixtures.delivered(i));
      }
      String checkpoint = log.checkpoint(AuditFixtures::fakeSign);
      assertTrue(checkpoint.contains("\n20\n"), checkpoint);
      AuditLog.InclusionProof proof = log.prove(7);
      assertEquals(7, proof.seq());
      assertEquals(checkpoint, proof.checkpoint());
      LogCheck check = log.verify(List.of(5L));
      assertTrue(check.intact(), check.problem());
      assertEquals(20, check.treeSize());
    }
    sql("UPDATE audit_event SET agency = 'nsa' WHERE seq = 12");
    try (AuditLog log = openReadOnly()) {
      LogCheck check = log.verify();
      assertFalse(check.intact());
      assertTrue(check.problem().contains("12"), check.problem());
    }
  }

  @Test
  void aFailedAppend_makesTheLogUnwritable_untilAnAppendSucceeds() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      assertEquals(null, log.unwritable());
      sql("ALTER TABLE audit_event RENAME TO audit_event_away");
      assertThrows(AuditLogException.class, () -> log.append(AuditFixtures.delivered(2)));
      assertTrue(
          log.unwritable().startsWith("the last append failed"), String.valueOf(log.unwritable()));
      sql("ALTER TABLE audit_event_away RENAME TO audit_event");
      log.append(AuditFixtures.delivered(2));
      assertEquals(null, log.unwritable());
    }
  }

  @Test
  void aCommitWhoseReplyIsLost_isLookedUp_notAppendedTwice() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      java.util.concurrent.atomic.AtomicBoolean once =
          new java.util.concurrent.atomic.AtomicBoolean();
      LogStore.loseReplyAfterCommit = c -> once.compareAndSet(false, true);
      AuditEvent second;
      java.util.Optional<AuditEvent> third;
      try {
        second = log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").item("i-x"));
        once.set(false);
        third = log.appendOnce(AuditFixtures.delivered(3));
      } finally {
        LogStore.loseReplyAfterCommit = c -> false;
      }
      assertEquals(2, second.seq());
      assertEquals(3, third.orElseThrow().seq(), "the state's event is handed back, not empty");
      List<AuditEvent> all = log.list(AuditQuery.all());
      assertEquals(List.of(1L, 2L, 3L), all.stream().map(AuditEvent::seq).toList());
      assertEquals(second, all.get(1));
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void aBatch_isAppendedInOrder_andAllOfItOrNoneOfIt() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      List<AuditEvent> routed =
          log.appendAll(
              List.of(
                  EventDraft.of(EventType.ROUTED).lab("acme-ai").item("i-1").agency("caisi"),
                  EventDraft.of(EventType.ROUTED).lab("acme-ai").item("i-1").agency("nsa"),
                  EventDraft.of(EventType.ROUTED).lab("acme-ai").item("i-1").agency("cisa")));
      assertEquals(List.of(2L, 3L, 4L), routed.stream().map(AuditEvent::seq).toList());
      assertEquals(
          List.of("caisi", "nsa", "cisa"), routed.stream().map(AuditEvent::agency).toList());
      assertEquals(routed, log.list(AuditQuery.all()).subList(1, 4));
      assertEquals(List.of(), log.appendAll(List.of()));

      // the database refuses the second event of a batch: the first is not kept either
      sql("ALTER TABLE audit_event ADD CONSTRAINT refuse_x CHECK (agency <> 'refused')");
      try {
        List<EventDraft> batch =
            List.of(
                EventDraft.of(EventType.SEALED).lab("acme-ai").item("i-2").agency("caisi"),
                EventDraft.of(EventType.SEALED).lab("acme-ai").item("i-2").agency("refused"));
        AuditLogException refused =
            assertThrows(AuditLogException.class, () -> log.appendAll(batch));
        assertTrue(refused.getMessage().contains("2 events ([SEALED])"), refused.getMessage());
        assertEquals(4, log.list(AuditQuery.all()).size(), "none of the batch is kept");
        assertNotEquals(null, log.unwritable());
      } finally {
        sql("ALTER TABLE audit_event DROP CONSTRAINT refuse_x");
      }
      assertEquals(5, log.append(AuditFixtures.delivered(2)).seq(), "no sequence number is lost");
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void aBatchOfStates_appendsOnlyThoseNotReachedBefore_inOrder() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      List<AuditEvent> logged =
          log.appendAllOnce(
              List.of(
                  AuditFixtures.delivered(1),
                  AuditFixtures.delivered(2),
                  AuditFixtures.delivered(3),
                  AuditFixtures.delivered(2)));
      assertEquals(List.of(2L, 3L), logged.stream().map(AuditEvent::seq).toList());
      assertEquals(logged, log.list(AuditQuery.all()).subList(1, 3));
      assertEquals(List.of(), log.appendAllOnce(List.of(AuditFixtures.delivered(3))));
      assertThrows(
          IllegalArgumentException.class,
          () -> log.appendAllOnce(List.of(EventDraft.of(EventType.ROUTED).item("i-1"))));
      assertEquals(3, log.size());
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void aBatchWhoseCommitReplyIsLost_isLookedUp_notAppendedTwice() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      java.util.concurrent.atomic.AtomicBoolean once =
          new java.util.concurrent.atomic.AtomicBoolean();
      LogStore.loseReplyAfterCommit = c -> once.compareAndSet(false, true);
      List<AuditEvent> batch;
      try {
        batch =
            log.appendAll(
                List.of(
                    EventDraft.of(EventType.ROUTED).lab("acme-ai").item("i-1").agency("caisi"),
                    EventDraft.of(EventType.ROUTED).lab("acme-ai").item("i-1").agency("nsa")));
      } finally {
        LogStore.loseReplyAfterCommit = c -> false;
      }
      assertTrue(once.get(), "the reply was lost");
      assertEquals(List.of(2L, 3L), batch.stream().map(AuditEvent::seq).toList());
      assertEquals(batch, log.list(AuditQuery.all()).subList(1, 3));
      assertEquals(3, log.size());
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void twoWritersAtOnce_shareOneSequence() throws Exception {
    int each = 100;
    try (AuditLog a = open();
        AuditLog b = open()) {
      Thread other =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  b.append(EventDraft.of(EventType.RECEIVED).lab("b"));
                }
              });
      other.start();
      for (int i = 0; i < each; i++) {
        a.append(EventDraft.of(EventType.RECEIVED).lab("a"));
      }
      other.join();
      List<AuditEvent> all = a.list(AuditQuery.all());
      assertEquals(
          java.util.stream.LongStream.rangeClosed(1, 2L * each).boxed().toList(),
          all.stream().map(AuditEvent::seq).toList());
      assertTrue(a.verify().intact());
    }
  }

  @Test
  void seq_continuesAfterReopening_andTimeNeverGoesBack() {
    try (AuditLog log = open()) {
      for (int i = 0; i < 5; i++) {
        log.append(EventDraft.of(EventType.RECEIVED).item("i" + i));
      }
    }
    try (AuditLog log = open()) {
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
    try (AuditLog log = open()) {
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
  void typesUntilPagesCountsAndDays_selectInTheDatabase() throws Exception {
    try (AuditLog log = open()) {
      for (int i = 0; i < 7; i++) {
        log.append(
            EventDraft.of(EventType.DELIVERED).lab("acme-ai").agency(i % 2 == 0 ? "caisi" : "nsa"));
        log.append(EventDraft.of(EventType.CONSOLE_VIEWED).actor("rita").reason("look " + i));
      }
      Thread.sleep(5);
      Instant cut = Instant.now();
      AuditQuery delivered =
          new AuditQuery(null, null, null, null, java.util.Set.of(EventType.DELIVERED), null);
      assertEquals(7, log.count(delivered));
      assertEquals(
          List.of(5L, 7L), log.page(delivered, 2, 2).stream().map(AuditEvent::seq).toList());
      assertEquals(List.of(13L), log.page(delivered, 6, 50).stream().map(AuditEvent::seq).toList());
      // one pass, each event as it is read, in log order
      List<Long> each = new ArrayList<>();
      log.each(delivered, e -> each.add(e.seq()));
      assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L, 13L), each);
      assertEquals(
          0,
          log.count(
              new AuditQuery(
                  null, null, null, null, java.util.Set.of(EventType.DELIVERED), Instant.EPOCH)));
      assertEquals(14, log.count(new AuditQuery(null, null, null, null, java.util.Set.of(), cut)));
      assertEquals(
          "rita",
          log.page(
                  new AuditQuery(
                      null, null, null, null, java.util.Set.of(EventType.CONSOLE_VIEWED), null),
                  0,
                  1)
              .get(0)
              .actor());
      java.util.Map<String, Long> perAgency = new java.util.TreeMap<>();
      for (AuditLog.DayCount n : log.countPerDay(delivered)) {
        assertEquals(java.time.LocalDate.ofInstant(cut, java.time.ZoneOffset.UTC), n.day());
        assertEquals(EventType.DELIVERED, n.type());
        perAgency.merge(n.agency(), n.count(), Long::sum);
      }
      assertEquals(java.util.Map.of("caisi", 4L, "nsa", 3L), perAgency);
    }
  }

  @Test
  void since_atAnEventsExactMillisecond_includesIt_andJustAfter_excludesIt() {
    try (AuditLog log = open()) {
      AuditEvent e = log.append(EventDraft.of(EventType.RECEIVED).item("x"));
      assertEquals(List.of(1L), seqs(log, new AuditQuery(null, null, null, e.time())));
      assertEquals(List.of(), seqs(log, new AuditQuery(null, null, null, e.time().plusNanos(1))));
    }
  }

  @Test
  void reached_matchesTheStateItemAndAgency_only() {
    try (AuditLog log = open()) {
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
    try (AuditLog log = open()) {
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
    try (AuditLog log = open()) {
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
    try (AuditLog log = open()) {
      // what an older prex could leave: the same delivery logged twice
      log.append(AuditFixtures.delivered(3));
      log.append(AuditFixtures.delivered(3));
      log.append(EventDraft.of(EventType.RECEIPT_SENT).lab("acme-ai").submission("sub-0"));
    }
    // a schema-3 log: no state table, nor the later actor column
    sql(
        "DROP TABLE workflow_state",
        "ALTER TABLE audit_event DROP COLUMN actor",
        "DELETE FROM schema_version WHERE version >= 4");
    try (AuditLog log = open()) {
      assertTrue(log.reached(EventType.DELIVERED, "sub-0", "itm-3", "caisi"));
      assertTrue(log.reachedAny(EventType.RECEIPT_SENT, "sub-0"));
      assertTrue(log.appendOnce(AuditFixtures.delivered(3)).isEmpty());
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void readOnlyInstance_readsWhileTheWriterIsOpen_andCannotAppend() {
    try (AuditLog writer = open()) {
      writer.append(EventDraft.of(EventType.RECEIVED).item("x"));
      try (AuditLog reader = openReadOnly()) {
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
  void logWrittenByANewerSchema_isRefused() throws Exception {
    open().close();
    sql("INSERT INTO schema_version VALUES (99, 0)");
    AuditLogException e = assertThrows(AuditLogException.class, () -> open());
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    assertThrows(AuditLogException.class, () -> openReadOnly());
  }

  @Test
  void closedLog_refusesWork() {
    AuditLog log = open();
    log.close();
    log.close();
    assertThrows(IllegalStateException.class, () -> log.list(AuditQuery.all()));
  }

  // checkpoints shared between those who ask at about the same time

  private static long size(String signed) {
    return Checkpoint.parseSigned(signed).size();
  }

  private static AuditEvent appendReceived(AuditLog log, int i) {
    return log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").submission("s-" + i));
  }

  @Test
  void theNewestCheckpoint_isSharedWhenItCoversWhatIsAsked_elseANewOneIsMade() {
    try (AuditLog log = open()) {
      for (int i = 0; i < 3; i++) {
        appendReceived(log, i);
      }
      String first = log.checkpoint(AuditFixtures::fakeSign);
      assertEquals(3, size(first));
      appendReceived(log, 3);
      appendReceived(log, 4);

      assertEquals(first, log.checkpoint(AuditFixtures::fakeSign, 3), "covers the first 3");
      String second = log.checkpoint(AuditFixtures::fakeSign, 4);
      assertNotEquals(first, second);
      assertEquals(5, size(second), "a new one covers every event so far");
      assertEquals(second, log.checkpoint(AuditFixtures::fakeSign));
    }
  }

  @Test
  void proofsUnderAnOlderCheckpoint_areProofsUnderIt_andAnEventAfterIt_isRefused() {
    try (AuditLog log = open()) {
      for (int i = 0; i < 10; i++) {
        appendReceived(log, i);
      }
      String older = log.checkpoint(AuditFixtures::fakeSign);
      for (int i = 10; i < 15; i++) {
        appendReceived(log, i);
      }
      String newer = log.checkpoint(AuditFixtures::fakeSign);
      AuditLog.Proved underOlder = log.proveAll(List.of(3L, 9L), 10);
      assertEquals(10, underOlder.treeSize());
      assertEquals(older, underOlder.proofs().get(1).checkpoint());
      assertEquals(List.of(3L, 9L), underOlder.proofs().stream().map(p -> p.seq()).toList());
      assertEquals(15, log.proveAll(List.of(3L), 0).treeSize(), "0: the newest");
      assertEquals(newer, log.proveAll(List.of(3L), 0).proofs().get(0).checkpoint());
      // the same event's proof differs under the two: each is its own tree's
      List<byte[]> old = underOlder.proofs().get(0).proof();
      List<byte[]> now = log.proveAll(List.of(3L), 0).proofs().get(0).proof();
      assertNotEquals(
          java.util.HexFormat.of().formatHex(old.get(old.size() - 1)),
          java.util.HexFormat.of().formatHex(now.get(now.size() - 1)),
          "the last step of event 3's proof is the younger events' subtree, 9-10 or 9-15");
      AuditLogException after =
          assertThrows(AuditLogException.class, () -> log.proveAll(List.of(12L), 10));
      assertTrue(after.getMessage().contains("12"), after.getMessage());
      AuditLogException none =
          assertThrows(AuditLogException.class, () -> log.proveAll(List.of(3L), 11));
      assertTrue(none.getMessage().contains("no checkpoint of 11 events"), none.getMessage());
    }
  }

  @Test
  void aRecordedCheckpoint_isTheNewest_andHandedOutCoveringEverySoFar() {
    try (AuditLog log = open()) {
      appendReceived(log, 0);
      appendReceived(log, 1);
      log.recordCheckpoint(AuditFixtures::fakeSign);
      assertEquals(2, size(log.latestCheckpoint().orElseThrow()));
      assertEquals(log.latestCheckpoint().orElseThrow(), log.checkpoint(AuditFixtures::fakeSign));
    }
    // made, and in the file: a reopened log has it
    try (AuditLog log = openReadOnly()) {
      assertEquals(2, size(log.latestCheckpoint().orElseThrow()));
      assertTrue(log.verify().intact());
    }
  }

  @Test
  void checkpointsAskedForAtOnce_eachCoverTheirOwnEvent() throws Exception {
    try (AuditLog log = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<long[]>> asked = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          int n = i;
          asked.add(
              pool.submit(
                  () -> {
                    long seq = appendReceived(log, n).seq();
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

  private static List<Long> seqs(AuditLog log, AuditQuery q) {
    return log.list(q).stream().map(AuditEvent::seq).toList();
  }
}
