package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * What differs between the log's two stores (docs/audit-log.md, "Stores"), decided by the
 * connection at hand: the few types and statements H2 and PostgreSQL spell differently. The log's
 * SQL is otherwise the same on both.
 */
final class Dialect {
  private Dialect() {}

  /** SQLSTATEs PostgreSQL gives for what a retry can overcome. */
  private static final Set<String> POSTGRES_TRANSIENT =
      Set.of("40001", "40P01", "55P03", "23505", "57014");

  static boolean postgres(Connection c) throws SQLException {
    return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
  }

  /** A table definition in the connection's spelling: 32 raw bytes are BYTEA on PostgreSQL. */
  static String ddl(Connection c, String sql) throws SQLException {
    return postgres(c) ? sql.replace("BINARY(32)", "BYTEA") : sql;
  }

  static boolean tableExists(Connection c, String table) throws SQLException {
    return count(
            c,
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = "
                + schema(c)
                + " AND TABLE_NAME = ?",
            name(c, table))
        > 0;
  }

  static boolean columnExists(Connection c, String table, String column) throws SQLException {
    return count(
            c,
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                + schema(c)
                + " AND TABLE_NAME = ? AND COLUMN_NAME = '"
                + name(c, column)
                + "'",
            name(c, table))
        > 0;
  }

  /** H2's hint to use {@code index}; PostgreSQL's planner has none, and needs none here. */
  static String useIndex(Connection c, String index) throws SQLException {
    return postgres(c) ? "" : " USE INDEX (" + index + ")";
  }

  /** Every later statement of the connection's transactions reads one snapshot. */
  static void snapshotReads(Connection c) throws SQLException {
    if (postgres(c)) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    } else {
      try (var s = c.createStatement()) {
        s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
      }
    }
  }

  /** Back to reading what is committed. */
  static void committedReads(Connection c) throws SQLException {
    if (postgres(c)) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    } else {
      try (var s = c.createStatement()) {
        s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
      }
    }
  }

  /** Whether PostgreSQL's error is one a retry can overcome (a lock, a race, a deadlock). */
  static boolean postgresTransient(SQLException e) {
    String state = e.getSQLState();
    return state != null && (POSTGRES_TRANSIENT.contains(state) || state.startsWith("08"));
  }

  private static String schema(Connection c) throws SQLException {
    return postgres(c) ? "current_schema()" : "'PUBLIC'";
  }

  /** Unquoted names are folded to capitals by H2, to small letters by PostgreSQL. */
  private static String name(Connection c, String name) throws SQLException {
    return postgres(c) ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT);
  }

  private static int count(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, arg);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
