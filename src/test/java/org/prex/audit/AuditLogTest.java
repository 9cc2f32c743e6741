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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 store: the contract, and what only H2 has (its file, the auto-server, the journal). */
class AuditLogTest extends LogContract {
  @TempDir Path data;

  @Override
  AuditLog open() {
    return AuditLog.open(data);
  }

  @Override
  AuditLog openReadOnly() {
    return AuditLog.openReadOnly(data);
  }

  @Override
  void sql(String... statements) throws Exception {
    AuditFixtures.sql(data, statements);
  }

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

  private static List<Long> seqs(AuditLog log, AuditQuery q) {
    return log.list(q).stream().map(AuditEvent::seq).toList();
  }
}
