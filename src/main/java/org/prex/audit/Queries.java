package org.prex.audit;

import java.util.List;
import java.util.Objects;

/** Reads events: lists and look-ups for the CLI, receipts and the pipeline. */
final class Queries {
  private final LogStore store;

  Queries(LogStore store) {
    this.store = store;
  }

  List<AuditEvent> list(AuditQuery query) {
    Objects.requireNonNull(query, "audit query");
    return store.run("cannot list events", c -> EventRows.select(c, query));
  }

  long size() {
    return store.run("cannot read the log's size", EventRows::size);
  }
}
