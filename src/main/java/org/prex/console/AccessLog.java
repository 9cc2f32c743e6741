package org.prex.console;

import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;

/**
 * Writes the console's own events into the transfer log: who did what, when. A page or an export is
 * served only after its event is in the log; if the log cannot take it, the request fails
 * (docs/console.md). These events name no lab or submission field, so they never enter a receipt or
 * a package manifest: what was looked at is in the reason.
 */
final class AccessLog {
  private final AuditLog log;

  AccessLog(AuditLog log) {
    this.log = log;
  }

  /**
   * @param actor the console account, or null when the name given matches none
   * @throws RuntimeException when the log cannot take the event (the request must then fail)
   */
  void record(EventType type, String actor, String what) {
    log.append(EventDraft.of(type).actor(actor).reason(what));
  }
}
