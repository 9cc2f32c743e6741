package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup made while the log is written, and its restore (docs/operations.md). */
class LogBackupTest {
  @TempDir Path root;

  private static List<AuditEvent> append(AuditLog log, int from, int to) {
    List<AuditEvent> events = new java.util.ArrayList<>();
    for (int i = from; i <= to; i++) {
      events.add(log.append(AuditFixtures.delivered(i)));
      if (i % 10 == 0) {
        log.checkpoint(AuditFixtures::fakeSign);
      }
    }
    return events;
  }

  @Test
  void aBackupWhileTheLogIsWritten_restoresWhatItHeld_intact() throws Exception {
    Path data = root.resolve("data");
    Path zip = root.resolve("log-backup.zip");
    List<AuditEvent> before;
    try (AuditLog log = AuditLog.open(data)) {
      before = append(log, 1, 25);
      assertEquals(25, LogBackup.backup(data, zip));
      append(log, 26, 30); // after the backup: not in it
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
    assertEquals(List.of(), leftovers(root), "no partial file left beside the backup");

    Path restored = root.resolve("restored");
    LogCheck check = LogBackup.restore(zip, restored);
    assertTrue(check.intact(), check.problem());
    assertEquals(25, check.treeSize());
    try (AuditLog log = AuditLog.openReadOnly(restored)) {
      assertEquals(before, log.list(AuditQuery.all()));
    }
    AuditLogException again =
        assertThrows(AuditLogException.class, () -> LogBackup.restore(zip, restored));
    assertTrue(again.getMessage().contains("holds a log already"), again.getMessage());
  }

  @Test
  void eventsJournalledAfterTheDatabasesBackup_comeBackFromTheJournal() throws Exception {
    Path data = root.resolve("data");
    Path early = root.resolve("early.zip");
    Path late = root.resolve("late.zip");
    List<AuditEvent> all;
    try (AuditLog log = AuditLog.open(data)) {
      all = append(log, 1, 12);
      LogBackup.backup(data, early);
      all.addAll(append(log, 13, 20));
      LogBackup.backup(data, late);
    }
    // the database as it was at the first backup, the journal as it was at the second: what a
    // backup is when appends go on between its two parts
    Path mixed = root.resolve("mixed.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(mixed))) {
      copy(early, LogBackup.DATABASE, out);
      copy(late, Journal.FILE, out);
    }
    LogCheck check = LogBackup.restore(mixed, root.resolve("restored"));
    assertTrue(check.intact(), check.problem());
    assertEquals(20, check.treeSize());
    try (AuditLog log = AuditLog.openReadOnly(root.resolve("restored"))) {
      assertEquals(all, log.list(AuditQuery.all()));
    }
  }

  @Test
  void aBackupOfAnAlteredLog_isNotRestored_andLeavesNothingToOpen() throws Exception {
    Path data = root.resolve("data");
    try (AuditLog log = AuditLog.open(data)) {
      append(log, 1, 12);
    }
    AuditFixtures.sql(data, "UPDATE audit_event SET lab = 'evil-lab' WHERE seq = 3");
    Path zip = root.resolve("altered.zip");
    LogBackup.backup(data, zip);
    // without its journal, the altered row is all there is: verification finds it
    Path dbOnly = root.resolve("db-only.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dbOnly))) {
      copy(zip, LogBackup.DATABASE, out);
    }
    for (Path backup : List.of(zip, dbOnly)) {
      Path target = root.resolve("target-" + backup.getFileName());
      boolean refused;
      try {
        refused = !LogBackup.restore(backup, target).intact();
      } catch (AuditLogException e) {
        refused = true; // the journal disagrees with the row
      }
      assertTrue(refused, backup + " was restored");
      assertFalse(Files.exists(target.resolve("audit/prex.mv.db")), "no log left to open");
      try (var left = Files.list(target)) {
        assertEquals(
            List.of(),
            left.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith(".restoring"))
                .toList());
      }
      assertThrows(NoAuditLogException.class, () -> AuditLog.openReadOnly(target));
    }
  }

  @Test
  void aZipWithAnythingButABackupsFiles_isRefused_andLeavesNothing() throws Exception {
    Path evil = root.resolve("evil.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
      out.putNextEntry(new ZipEntry("../../escaped"));
      out.write(1);
      out.closeEntry();
    }
    Path target = root.resolve("target");
    AuditLogException e =
        assertThrows(AuditLogException.class, () -> LogBackup.restore(evil, target));
    assertTrue(e.getMessage().contains("'../../escaped'"), e.getMessage());
    assertFalse(Files.exists(root.resolve("escaped")));
    assertFalse(Files.exists(root.getParent().resolve("escaped")));
    assertFalse(Files.exists(target.resolve("audit/prex.mv.db")));
  }

  private static void copy(Path zip, String name, ZipOutputStream out) throws Exception {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          out.putNextEntry(new ZipEntry(name));
          in.transferTo(out);
          out.closeEntry();
          return;
        }
      }
    }
    throw new AssertionError(zip + " holds no " + name);
  }

  private static List<String> leftovers(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("partial")).toList();
    }
  }
}
