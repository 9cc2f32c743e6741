package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The workflow state (docs/pipeline.md, "Workflow state"): one row per state a submission, item or
 * agency's copy has reached, keyed by the {@link EventType} that marks it ({@link
 * EventType#marksState()}), the submission, the item and the agency ('' where an event has none),
 * and pointing at the first event that recorded it. The row is written in the transaction that
 * appends that event, so the state and the log cannot disagree, and its primary key makes a state
 * reachable only once: a second DELIVERED of one item to one agency cannot be recorded.
 */
final class StateRows {
  private StateRows() {}

  /** Version 4 of the schema: the table, and the states of a log written before it. */
  static final String CREATE =
      """
      CREATE TABLE IF NOT EXISTS workflow_state (
        event_type VARCHAR(32) NOT NULL,
        submission VARCHAR(200) NOT NULL,
        item VARCHAR(200) NOT NULL,
        agency VARCHAR(200) NOT NULL,
        seq BIGINT NOT NULL,
        PRIMARY KEY (event_type, submission, item, agency))\
      """;

  static final String INDEX =
      "CREATE INDEX IF NOT EXISTS workflow_state_item ON workflow_state(item, agency, event_type)";

  static String backfill() {
    return "INSERT INTO workflow_state SELECT event_type, COALESCE(submission, ''),"
        + " COALESCE(item, ''), COALESCE(agency, ''), MIN(seq) FROM audit_event"
        + " WHERE event_type IN ("
        + String.join(", ", EventType.STATES.stream().map(t -> "'" + t + "'").toList())
        + ") GROUP BY event_type, COALESCE(submission, ''), COALESCE(item, ''),"
        + " COALESCE(agency, '')";
  }

  /** In the appending transaction: the state the event marks, unless it was reached before. */
  static void record(Connection c, AuditEvent e) throws SQLException {
    if (!e.type().marksState()) {
      return;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO workflow_state SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM"
                + " workflow_state WHERE event_type = ? AND submission = ? AND item = ?"
                + " AND agency = ?)")) {
      String[] key = {e.type().name(), key(e.submission()), key(e.item()), key(e.agency())};
      for (int i = 0; i < 4; i++) {
        p.setString(i + 1, key[i]);
        p.setString(i + 6, key[i]);
      }
      p.setLong(5, e.seq());
      p.executeUpdate();
    }
  }

  /**
   * Whether the state was reached: {@code submission} null matches any submission (item ids are
   * unique on their own); {@code item} and {@code agency} null match rows without one.
   */
  static boolean reached(
      Connection c, EventType type, String submission, String item, String agency)
      throws SQLException {
    String sql =
        "SELECT 1 FROM workflow_state WHERE event_type = ? AND item = ? AND agency = ?"
            + (submission == null ? "" : " AND submission = ?")
            + " LIMIT 1";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, type.name());
      p.setString(2, key(item));
      p.setString(3, key(agency));
      if (submission != null) {
        p.setString(4, submission);
      }
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Whether any row of the submission has reached the state (an item's or its own). */
  static boolean reachedAny(Connection c, EventType type, String submission) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT 1 FROM workflow_state WHERE event_type = ? AND submission = ? LIMIT 1")) {
      p.setString(1, type.name());
      p.setString(2, submission);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The items of the submission that reached the state (for any agency). */
  static Set<String> items(Connection c, EventType type, String submission) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT DISTINCT item FROM workflow_state WHERE event_type = ? AND submission = ?"
                + " AND item <> '' ORDER BY item")) {
      p.setString(1, type.name());
      p.setString(2, submission);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String key(String value) {
    return value == null ? "" : value;
  }
}
