package org.prex.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Records events: each gets the next sequence number, the time and the leaf hash in one transaction
 * ({@link EventRows#append}), is flushed to the database file, and is written to the {@link
 * Journal} before it is returned, so that it survives a kill of the process.
 */
final class Appender {
  private final LogStore store;
  private final Journal journal;

  Appender(LogStore store, Journal journal) {
    this.store = store;
    this.journal = journal;
  }

  AuditEvent append(EventDraft draft) {
    Objects.requireNonNull(draft, "event draft");
    store.requireWritable();
    String what = "cannot append a " + draft.type() + " event";
    return store.locked(
        () -> {
          AuditEvent e = store.write(what, c -> EventRows.append(c, draft, Instant.now()));
          journal.committed(what, () -> journal.event(e));
          return e;
        });
  }
}
