package org.prex.observe;

import org.apache.camel.health.HealthCheck;
import org.prex.audit.AuditLog;
import org.prex.sftp.DropBox;

/** prex's own readiness checks (docs/operations.md). */
public final class Checks {
  private Checks() {}

  /** Up while the transfer log is open for writing and its database answers. */
  public static HealthCheck auditLog(AuditLog log) {
    return new PrexCheck("audit-log", log::unwritable);
  }

  /** The free space below which the data folder's check is down. */
  public static final long DISK_FLOOR = 256L << 20;

  /**
   * Up while the data folder's file system has at least {@value #DISK_FLOOR} bytes free: below
   * that, uploads cannot be staged, nor packages sealed, nor the log written.
   */
  public static HealthCheck diskSpace(java.nio.file.Path data, long floor) {
    return new PrexCheck(
        "data-folder",
        () -> {
          try {
            long free = java.nio.file.Files.getFileStore(data).getUsableSpace();
            return free >= floor
                ? null
                : "the data folder's file system has "
                    + (free >> 20)
                    + " MiB free, less than "
                    + (floor >> 20)
                    + " MiB";
          } catch (java.io.IOException e) {
            return "the data folder's free space cannot be read: " + e.getClass().getSimpleName();
          }
        });
  }

  /**
   * Up while the embedded drop box listens; always up when uploads come from an external server
   * ({@code box} null), whose reachability the ingest route's retries and the metrics show.
   */
  public static HealthCheck dropBox(DropBox box) {
    return new PrexCheck(
        "drop-box",
        () ->
            box == null || box.isListening() ? null : "the embedded SFTP drop box does not listen");
  }
}
