package org.prex.audit;

import java.util.List;
import java.util.Objects;

/** Reads events: lists and look-ups for the CLI, receipts and the pipeline. */
final class Queries {
  private final LogStore store;

  Queries(LogStore store) {
    this.store = store;
  }

  /**
   * The columns the log's schema has; once they are the newest schema's, they stay so (a schema
   * only grows), and reading them again (a query of H2's metadata, which costs milliseconds) is
   * saved.
   */
  private volatile String columns;

  List<AuditEvent> list(AuditQuery query) {
    return page(query, 0, Integer.MAX_VALUE);
  }

  List<AuditEvent> page(AuditQuery query, long offset, int limit) {
    Objects.requireNonNull(query, "audit query");
    return store.run(
        "cannot list events", c -> EventRows.select(c, query, columns(c), offset, limit));
  }

  void each(AuditQuery query, java.util.function.Consumer<AuditEvent> each) {
    Objects.requireNonNull(query, "audit query");
    store.run(
        "cannot list events",
        c -> {
          EventRows.each(c, query, columns(c), each);
          return null;
        });
  }

  private String columns(java.sql.Connection c) throws java.sql.SQLException {
    String known = columns;
    if (!EventRows.COLUMNS.equals(known)) {
      known = EventRows.columns(c);
      columns = known;
    }
    return known;
  }

  long count(AuditQuery query) {
    Objects.requireNonNull(query, "audit query");
    return store.run("cannot count events", c -> EventRows.count(c, query));
  }

  long size() {
    return store.run("cannot read the log's size", EventRows::size);
  }
}
