package org.prex.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/**
 * The log's tables and their migrations. {@code schema_version} records each applied version;
 * opening a writable log applies the missing ones in order. A later version adds the Merkle tree's
 * node table and signed checkpoints beside {@code audit_event}; it never changes an event row.
 */
final class Schema {
  /**
   * Version 1: the events (the {@link Field}s of the first schema), and the head row that
   * serialises appends.
   */
  private static final List<String> V1 =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS log_head (
            id INT PRIMARY KEY CHECK (id = 1),
            tree_size BIGINT NOT NULL CHECK (tree_size >= 0),
            last_time_ms BIGINT NOT NULL)\
          """,
          "INSERT INTO log_head SELECT 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM log_head)",
          // a new log gets every column at once: H2 rewrites a table to add a column, and a
          // kill -9 in the first seconds after such rewrites has left a file H2 could not open
          // ("Chunk 2 not found"); the later versions' ADD COLUMN IF NOT EXISTS then do nothing
          "CREATE TABLE IF NOT EXISTS audit_event (" + allColumns() + ")",
          "CREATE INDEX IF NOT EXISTS audit_event_item ON audit_event(item, agency, event_type)",
          "CREATE INDEX IF NOT EXISTS audit_event_lab ON audit_event(lab)",
          "CREATE INDEX IF NOT EXISTS audit_event_agency ON audit_event(agency)",
          "CREATE INDEX IF NOT EXISTS audit_event_submission ON audit_event(submission)",
          "CREATE INDEX IF NOT EXISTS audit_event_time ON audit_event(time_ms)");

  /**
   * Version 2: the Merkle tree's complete-subtree nodes ({@link TreeRows}) and the signed
   * checkpoints. Existing events get their nodes when the migration runs.
   */
  private static final List<String> V2 =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS tree_node (
            lvl INT NOT NULL CHECK (lvl >= 1),
            idx BIGINT NOT NULL CHECK (idx >= 0),
            hash BINARY(32) NOT NULL,
            PRIMARY KEY (lvl, idx))\
          """,
          """
          CREATE TABLE IF NOT EXISTS checkpoint (
            tree_size BIGINT PRIMARY KEY CHECK (tree_size >= 0),
            time_ms BIGINT NOT NULL,
            root_hash BINARY(32) NOT NULL,
            signed VARCHAR(20000) NOT NULL)\
          """);

  /**
   * Version 3: the SHA-256 of the routing policy a decision was made under (ROUTED, POLICY_LOADED).
   * Older events keep it null, and so their canonical form ({@link CanonicalEvent}).
   */
  private static final List<String> V3 =
      List.of("ALTER TABLE audit_event ADD COLUMN IF NOT EXISTS " + columnsSince(3, ""));

  /**
   * Version 4: the workflow state ({@link StateRows}), filled from the events already logged (the
   * first event of each state).
   */
  private static final List<String> V4 =
      List.of(StateRows.CREATE, StateRows.INDEX, StateRows.backfill());

  /**
   * Version 5: who did it, for the console's events (CONSOLE_LOGIN and the rest; docs/console.md).
   * The pipeline's events keep it null, and so their canonical form.
   */
  private static final List<String> V5 =
      List.of("ALTER TABLE audit_event ADD COLUMN IF NOT EXISTS " + columnsSince(5, ""));

  private static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4, V5);

  /** PostgreSQL's advisory lock key for migrations: "prex" in ASCII. */
  private static final long MIGRATION_LOCK = 0x70726578L;

  /** The newest schema version this code knows. */
  static final int CURRENT = MIGRATIONS.size();

  private Schema() {}

  /** The {@link Field}s a schema version added, as column definitions. */
  private static String columnsSince(int version, String separator) {
    StringJoiner columns = new StringJoiner(separator);
    for (Field f : Field.values()) {
      if (f.since == version) {
        columns.add(f.column + " " + f.sqlType);
      }
    }
    return columns.toString();
  }

  /** Every {@link Field}'s column, in the enum's order: the table a new log is made with. */
  private static String allColumns() {
    StringJoiner columns = new StringJoiner(", ");
    for (Field f : Field.values()) {
      columns.add(f.column + " " + f.sqlType);
    }
    return columns.toString();
  }

  /** Applies every missing migration; refuses a log written by a newer prex. */
  static void migrate(Connection c, String location) throws SQLException {
    if (Dialect.postgres(c)) {
      // two processes opening a new database at once: one migrates, the other waits and then
      // finds the tables made (the lock ends with the caller's transaction)
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + "version INT PRIMARY KEY, applied_ms BIGINT NOT NULL)");
    }
    int version = version(c);
    requireKnown(version, location);
    for (int v = version + 1; v <= CURRENT; v++) {
      try (Statement s = c.createStatement()) {
        for (String sql : MIGRATIONS.get(v - 1)) {
          s.execute(Dialect.ddl(c, sql));
        }
        if (v == 2) {
          TreeRows.backfill(c);
        }
        s.execute(
            "INSERT INTO schema_version SELECT "
                + v
                + ", "
                + System.currentTimeMillis()
                + " WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = "
                + v
                + ")");
      }
    }
  }

  /** The applied version, 0 for a database without the log's tables. */
  static int version(Connection c) throws SQLException {
    if (!Dialect.tableExists(c, "schema_version")) {
      return 0;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Refuses a log whose schema is newer than this code, before touching it. */
  static void requireKnown(int version, String location) {
    if (version > CURRENT) {
      throw new AuditLogException(
          location,
          "schema version "
              + version
              + " is newer than this prex knows ("
              + CURRENT
              + "); use the prex that wrote it",
          null);
    }
  }
}
