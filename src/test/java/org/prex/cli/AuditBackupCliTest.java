package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.testing.Cli;

/** {@code prex audit backup} and {@code prex audit restore}, as a records officer types them. */
class AuditBackupCliTest {
  @Test
  void backupThenRestore_intoAnEmptyDataFolder_andNotOverALog(@TempDir Path root) {
    Path data = root.resolve("data");
    try (AuditLog log = AuditLog.open(data)) {
      for (int i = 0; i < 7; i++) {
        log.append(EventDraft.of(EventType.RECEIVED).lab("acme-ai").submission("s-" + i));
      }
    }
    String zip = root.resolve("backup.zip").toString();
    Cli.Run backup = Cli.prex("audit", "backup", "--data", data.toString(), "--out", zip);
    assertEquals(0, backup.code(), backup.err());
    assertTrue(backup.out().contains("7 events"), backup.out());

    Path other = root.resolve("restored");
    Cli.Run restore = Cli.prex("audit", "restore", "--data", other.toString(), "--from", zip);
    assertEquals(0, restore.code(), restore.err());
    assertTrue(restore.out().contains("7 events, intact"), restore.out());

    Cli.Run over = Cli.prex("audit", "restore", "--data", data.toString(), "--from", zip);
    assertEquals(1, over.code(), over.out());
    assertTrue(over.err().contains("holds a log already"), over.err());
  }
}
