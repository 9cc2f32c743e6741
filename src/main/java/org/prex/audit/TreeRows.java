package org.prex.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.prex.merkle.Frontier;
import org.prex.merkle.HashSource;
import org.prex.merkle.MerkleTree;
import org.prex.merkle.TreeHash;

/**
 * The Merkle tree's stored nodes: table {@code tree_node} holds the hash of every complete subtree
 * of two or more leaves ({@code lvl} ≥ 1: {@code 2^lvl} leaves from {@code idx << lvl}); the leaves
 * themselves are the events' {@code leaf_hash}. An append adds the nodes its leaf completes (on
 * average one, at most log₂ n) in the event's own transaction, so the cost of an append does not
 * grow with the log, and any root or proof needs at most O(log n) reads.
 */
final class TreeRows {
  private TreeRows() {}

  /** Adds the nodes completed by the leaf at {@code index} (the event at seq index + 1). */
  static void addLeaf(Connection c, long index, byte[] leafHash) throws SQLException {
    byte[] hash = leafHash;
    long idx = index;
    int level = 0;
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      while ((idx & 1) == 1) {
        hash = TreeHash.node(hash(c, level, idx - 1), hash);
        idx >>= 1;
        level++;
        insert(insert, level, idx, hash);
      }
    }
  }

  private static final String INSERT = "INSERT INTO tree_node (lvl, idx, hash) VALUES (?, ?, ?)";

  private static void insert(PreparedStatement insert, int level, long idx, byte[] hash)
      throws SQLException {
    insert.setInt(1, level);
    insert.setLong(2, idx);
    insert.setBytes(3, hash);
    insert.executeUpdate();
  }

  /** One complete subtree's stored hash. */
  static byte[] hash(Connection c, int level, long idx) throws SQLException {
    String sql =
        level == 0
            ? "SELECT leaf_hash FROM audit_event WHERE seq = ?"
            : "SELECT hash FROM tree_node WHERE lvl = ? AND idx = ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (level == 0) {
        p.setLong(1, idx + 1);
      } else {
        p.setInt(1, level);
        p.setLong(2, idx);
      }
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(
              level == 0
                  ? "event " + (idx + 1) + " is missing"
                  : "tree node " + level + "/" + idx + " is missing");
        }
        return rs.getBytes(1);
      }
    }
  }

  /** The stored hashes as a source for {@link MerkleTree}; valid while {@code c} is. */
  static HashSource<SQLException> source(Connection c) {
    return (level, idx) -> hash(c, level, idx);
  }

  /** Builds {@code tree_node} for a log that has events but no nodes yet (schema 1 to 2). */
  static void backfill(Connection c) throws SQLException {
    try (Statement clear = c.createStatement()) {
      clear.execute("DELETE FROM tree_node"); // a backfill cut short runs again from the start
    }
    Frontier tree = new Frontier();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT leaf_hash FROM audit_event ORDER BY seq");
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      while (rs.next()) {
        tree.add(rs.getBytes(1), (level, idx, hash) -> insert(insert, level, idx, hash));
      }
    }
  }
}
