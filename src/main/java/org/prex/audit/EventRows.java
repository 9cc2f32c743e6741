package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.h2.api.ErrorCode;
import org.prex.merkle.TreeHash;

/** The SQL behind {@link AuditLog}: one place that knows the column names. */
final class EventRows {
  /** The columns of every {@link Field}, in its order: how events are inserted and selected. */
  static final String COLUMNS = columns(Schema.CURRENT);

  /** The same, for a log older than schema 3 read without migrating it: no event has a policy. */
  private static final String COLUMNS_BEFORE_V3 = columns(2);

  /** The same, for a log older than schema 5 read without migrating it: no event has an actor. */
  private static final String COLUMNS_BEFORE_V5 = columns(4);

  /** The columns as a log of this schema version holds them; later ones read as null. */
  private static String columns(int version) {
    StringJoiner columns = new StringJoiner(", ");
    for (Field f : Field.values()) {
      columns.add(f.since <= version ? f.column : "CAST(NULL AS " + f.sqlType + ") AS " + f.column);
    }
    return columns.toString();
  }

  /** The columns to select from this connection's log, whatever its schema version. */
  static String columns(Connection c) throws SQLException {
    if (Dialect.columnExists(c, "audit_event", "actor")) {
      return COLUMNS;
    }
    return Dialect.columnExists(c, "audit_event", "policy") ? COLUMNS_BEFORE_V5 : COLUMNS_BEFORE_V3;
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
    String marks = String.join(",", Collections.nCopies(Field.values().length, "?"));
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO audit_event (" + COLUMNS + ") VALUES (" + marks + ")")) {
      for (Field f : Field.values()) {
        int i = f.ordinal() + 1;
        switch (f.kind) {
          case SEQ -> insert.setLong(i, seq);
          case TIME -> insert.setLong(i, time.toEpochMilli());
          case LEAF_HASH -> insert.setBytes(i, leaf);
          default -> text(insert, i, f.text(d));
        }
      }
      insert.executeUpdate();
    }
    TreeRows.addLeaf(c, seq - 1, leaf);
    AuditEvent event = AuditEvent.of(seq, time, d, HexFormat.of().formatHex(leaf));
    StateRows.record(c, event);
    return event;
  }

  /** The events {@code q} selects, reading {@code columns} (see {@link #columns(Connection)}). */
  static List<AuditEvent> select(Connection c, AuditQuery q, String columns) throws SQLException {
    return select(c, q, columns, 0, Integer.MAX_VALUE);
  }

  /**
   * The events {@code q} selects, in log order, from the {@code offset}-th on and at most {@code
   * limit} of them.
   */
  static List<AuditEvent> select(Connection c, AuditQuery q, String columns, long offset, int limit)
      throws SQLException {
    List<AuditEvent> events = new ArrayList<>();
    read(c, q, columns, offset, limit, events::add);
    return events;
  }

  /**
   * Hands each event {@code q} selects, in log order, to {@code each} as it is read: a long list (a
   * folder's tens of thousands of events) is never held. One query: paging it instead read the
   * whole submission from its index once per page.
   */
  static void each(
      Connection c, AuditQuery q, String columns, java.util.function.Consumer<AuditEvent> each)
      throws SQLException {
    read(c, q, columns, 0, Integer.MAX_VALUE, each);
  }

  private static void read(
      Connection c,
      AuditQuery q,
      String columns,
      long offset,
      int limit,
      java.util.function.Consumer<AuditEvent> each)
      throws SQLException {
    // one submission's events come by its index; left to itself, H2 may walk the whole log in
    // sequence order instead, to save the sort
    String index = q.submission() != null ? Dialect.useIndex(c, "audit_event_submission") : "";
    StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM audit_event" + index);
    List<Object> args = new ArrayList<>();
    where(sql, args, q);
    sql.append(" ORDER BY seq");
    if (offset > 0 || limit != Integer.MAX_VALUE) {
      sql.append(" LIMIT ? OFFSET ?");
      args.add(limit);
      args.add(offset);
    }
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      bind(p, args);
      p.setFetchSize(1000); // PostgreSQL streams rows only with a fetch size, in a transaction
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          each.accept(event(rs));
        }
      }
    }
  }

  /** How many events {@code q} selects. */
  static long count(Connection c, AuditQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM audit_event");
    List<Object> args = new ArrayList<>();
    where(sql, args, q);
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      bind(p, args);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * How many events {@code q} selects per UTC day, type and agency, counted by the database (a
   * chart over a busy fortnight must not read every event into the heap).
   */
  static List<AuditLog.DayCount> countPerDay(Connection c, AuditQuery q) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT time_ms / 86400000, event_type, agency, COUNT(*) FROM audit_event");
    List<Object> args = new ArrayList<>();
    where(sql, args, q);
    sql.append(" GROUP BY time_ms / 86400000, event_type, agency");
    List<AuditLog.DayCount> counts = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      bind(p, args);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          counts.add(
              new AuditLog.DayCount(
                  java.time.LocalDate.ofEpochDay(rs.getLong(1)),
                  EventType.valueOf(rs.getString(2)),
                  rs.getString(3),
                  rs.getLong(4)));
        }
      }
    }
    return counts;
  }

  private static void where(StringBuilder sql, List<Object> args, AuditQuery q) {
    sql.append(" WHERE TRUE");
    filter(sql, args, "lab", q.lab());
    filter(sql, args, "agency", q.agency());
    filter(sql, args, "submission", q.submission());
    if (q.since() != null) {
      sql.append(" AND time_ms >= ?");
      args.add(ceilMillis(q.since()));
    }
    if (q.until() != null) {
      sql.append(" AND time_ms < ?");
      args.add(ceilMillis(q.until()));
    }
    if (!q.types().isEmpty()) {
      StringJoiner in = new StringJoiner(", ", " AND event_type IN (", ")");
      for (EventType t : EventType.values()) {
        if (q.types().contains(t)) {
          in.add("?");
          args.add(t.name());
        }
      }
      sql.append(in);
    }
  }

  private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      p.setObject(i + 1, args.get(i));
    }
  }

  /**
   * The log's size, taking the head row's lock for the caller's transaction: no append of any
   * connection slips in until it ends.
   */
  static long lockHead(Connection c) throws SQLException {
    try (PreparedStatement p =
            c.prepareStatement("SELECT tree_size FROM log_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Whether {@code e} is stored as it was appended (the same seq and leaf hash), after a commit
   * whose outcome was unknown. Ends the connection's transaction.
   */
  static boolean stored(Connection c, AuditEvent e) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT leaf_hash FROM audit_event WHERE seq = ?")) {
      p.setLong(1, e.seq());
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && HexFormat.of().formatHex(rs.getBytes(1)).equals(e.leafHash());
      }
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback();
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
    return e instanceof SQLTransientException
        || TRANSIENT.contains(e.getErrorCode())
        || Dialect.postgresTransient(e);
  }

  /** The event of the current row of a query that selected {@link #columns(Connection)}. */
  static AuditEvent event(ResultSet rs) throws SQLException {
    long seq = rs.getLong(Field.SEQ.ordinal() + 1);
    String type = rs.getString(Field.TYPE.ordinal() + 1);
    EventType eventType;
    try {
      eventType = EventType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new SQLException("event " + seq + " has an unknown type '" + type + "'", e);
    }
    Map<Field, String> texts = new EnumMap<>(Field.class);
    for (Field f : Field.TEXTS) {
      texts.put(f, rs.getString(f.ordinal() + 1));
    }
    return AuditEvent.of(
        seq,
        Instant.ofEpochMilli(rs.getLong(Field.TIME.ordinal() + 1)),
        EventDraft.of(eventType, texts::get),
        HexFormat.of().formatHex(rs.getBytes(Field.LEAF_HASH.ordinal() + 1)));
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
