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
