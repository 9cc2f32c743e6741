package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.h2.api.ErrorCode;
import org.prex.merkle.TreeHash;

/** The SQL behind {@link AuditLog}: one place that knows the column names. */
final class EventRows {
  static final String COLUMNS =
      "seq, time_ms, event_type, lab, submission, item, agency, transfer, designation,"
          + " sha256_plain, sha256_cipher, key_fingerprint, reason, leaf_hash, policy";

  /** The same, for a log older than schema 3 read without migrating it: no event has a policy. */
  private static final String COLUMNS_BEFORE_V3 =
      COLUMNS.replace(", policy", ", CAST(NULL AS CHAR(64)) AS policy");

  /** The columns to select from this connection's log, whatever its schema version. */
  static String columns(Connection c) throws SQLException {
    try (PreparedStatement p =
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
                    + " AND TABLE_NAME = 'AUDIT_EVENT' AND COLUMN_NAME = 'POLICY'");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getInt(1) > 0 ? COLUMNS : COLUMNS_BEFORE_V3;
    }
  }

  private static final Set<Integer> TRANSIENT =
      Set.of(
          ErrorCode.LOCK_TIMEOUT_1,
          ErrorCode.DEADLOCK_1,
          ErrorCode.DUPLICATE_KEY_1,
          ErrorCode.CONCURRENT_UPDATE_1,
          ErrorCode.CONNECTION_BROKEN_1);

  private EventRows() {}

  /**
   * In the caller's transaction: takes the head row's lock (so appends from every connection queue
   * up in one order), advances the tree size, keeps time monotonic, inserts the event and its tree
   * nodes. The caller commits.
   */
  static AuditEvent append(Connection c, EventDraft d, Instant now) throws SQLException {
    return append(c, d, now, 0);
  }

  /**
   * Like {@link #append(Connection, EventDraft, Instant)}, for re-inserting an event the journal
   * holds: it must get sequence number {@code expectedSeq} (0: any), else nothing is inserted, and
   * it keeps its time {@code now} even if the head row's time is later (a head left ahead by a
   * truncation); the head's time still never goes back.
   */
  static AuditEvent append(Connection c, EventDraft d, Instant now, long expectedSeq)
      throws SQLException {
    try (PreparedStatement head =
        c.prepareStatement(
            "UPDATE log_head SET tree_size = tree_size + 1,"
                + " last_time_ms = GREATEST(last_time_ms, ?) WHERE id = 1")) {
      head.setLong(1, now.toEpochMilli());
      if (head.executeUpdate() != 1) {
        throw new SQLException("the log_head row is missing");
      }
    }
    long seq;
    Instant time;
    try (PreparedStatement read =
            c.prepareStatement("SELECT tree_size, last_time_ms FROM log_head WHERE id = 1");
        ResultSet rs = read.executeQuery()) {
      rs.next();
      seq = rs.getLong(1);
      time = expectedSeq != 0 ? now : Instant.ofEpochMilli(rs.getLong(2));
    }
    if (expectedSeq != 0 && seq != expectedSeq) {
      throw new SQLException("event " + expectedSeq + " would get sequence number " + seq);
    }
    byte[] leaf = TreeHash.leaf(CanonicalEvent.encode(seq, time, d));
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO audit_event (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setLong(1, seq);
      insert.setLong(2, time.toEpochMilli());
      insert.setString(3, d.type().name());
      text(insert, 4, d.lab());
      text(insert, 5, d.submission());
      text(insert, 6, d.item());
      text(insert, 7, d.agency());
      text(insert, 8, d.transfer());
      text(insert, 9, d.designation());
      text(insert, 10, d.sha256Plain());
      text(insert, 11, d.sha256Cipher());
      text(insert, 12, d.keyFingerprint());
      text(insert, 13, d.reason());
      insert.setBytes(14, leaf);
      text(insert, 15, d.policy());
      insert.executeUpdate();
    }
    TreeRows.addLeaf(c, seq - 1, leaf);
    return AuditEvent.of(seq, time, d, HexFormat.of().formatHex(leaf));
  }

  static List<AuditEvent> select(Connection c, AuditQuery q) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + columns(c) + " FROM audit_event WHERE TRUE");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "lab", q.lab());
    filter(sql, args, "agency", q.agency());
    filter(sql, args, "submission", q.submission());
    if (q.since() != null) {
      sql.append(" AND time_ms >= ?");
      args.add(ceilMillis(q.since()));
    }
    sql.append(" ORDER BY seq");
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        p.setObject(i + 1, args.get(i));
      }
      List<AuditEvent> events = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          events.add(event(rs));
        }
      }
      return events;
    }
  }

  static boolean exists(Connection c, String item, String agency, EventType type)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT 1 FROM audit_event WHERE item = ? AND agency IS NOT DISTINCT FROM ?"
                + " AND event_type = ? LIMIT 1")) {
      p.setString(1, item);
      text(p, 2, agency);
      p.setString(3, type.name());
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  static long size(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT tree_size FROM log_head WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static boolean isTransient(SQLException e) {
    return e instanceof SQLTransientException || TRANSIENT.contains(e.getErrorCode());
  }

  static AuditEvent event(ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    String type = rs.getString(3);
    EventType eventType;
    try {
      eventType = EventType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new SQLException("event " + seq + " has an unknown type '" + type + "'", e);
    }
    return new AuditEvent(
        seq,
        Instant.ofEpochMilli(rs.getLong(2)),
        eventType,
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(15),
        HexFormat.of().formatHex(rs.getBytes(14)));
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static void text(PreparedStatement p, int index, String value) throws SQLException {
    if (value == null) {
      p.setNull(index, Types.VARCHAR);
    } else {
      p.setString(index, value);
    }
  }

  /** The first whole millisecond at or after {@code t}: events carry milliseconds only. */
  static long ceilMillis(Instant t) {
    long ms = t.toEpochMilli();
    return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
  }
}
