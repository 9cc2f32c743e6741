package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/** The SQL of the {@code checkpoint} table: the signed checkpoints the log handed out. */
final class CheckpointRows {
  private CheckpointRows() {}

  /** A checkpoint row; the journal keeps the same fields. */
  record Row(long treeSize, long timeMs, byte[] rootHash, String signed) {
    boolean sameAs(Row o) {
      return treeSize == o.treeSize
          && timeMs == o.timeMs
          && Arrays.equals(rootHash, o.rootHash)
          && signed.equals(o.signed);
    }
  }

  static void insert(Connection c, Row row) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO checkpoint (tree_size, time_ms, root_hash, signed)"
                + " VALUES (?, ?, ?, ?)")) {
      p.setLong(1, row.treeSize());
      p.setLong(2, row.timeMs());
      p.setBytes(3, row.rootHash());
      p.setString(4, row.signed());
      p.executeUpdate();
    }
  }

  /** The newest checkpoint, if one was made. */
  static Optional<Row> latest(Connection c) throws SQLException {
    return one(c, "ORDER BY tree_size DESC LIMIT 1", null);
  }

  /** The checkpoint of this tree size, if one was made. */
  static Optional<Row> at(Connection c, long treeSize) throws SQLException {
    return one(c, "WHERE tree_size = ?", treeSize);
  }

  /** The smallest checkpoint covering at least this many events, if one was made. */
  static Optional<Row> covering(Connection c, long treeSize) throws SQLException {
    return one(c, "WHERE tree_size >= ? ORDER BY tree_size LIMIT 1", treeSize);
  }

  private static Optional<Row> one(Connection c, String where, Long treeSize) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT tree_size, time_ms, root_hash, signed FROM checkpoint " + where)) {
      if (treeSize != null) {
        p.setLong(1, treeSize);
      }
      try (ResultSet rs = p.executeQuery()) {
        return rs.next()
            ? Optional.of(new Row(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getString(4)))
            : Optional.empty();
      }
    }
  }
}
