package org.prex.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.prex.audit.verify.Checkpoint;
import org.prex.audit.verify.MerkleVerifier;

/**
 * What {@code prex audit verify} finds: every event's leaf hash recomputed from its stored fields
 * ({@link CanonicalEvent}), and the first event that is missing, changed, inserted or out of order,
 * if any. Also checks the stored tree nodes and the stored checkpoints' roots against the
 * recomputed tree; checking the checkpoints' signatures is the caller's (it holds the key).
 *
 * @param treeSize events the recomputed tree holds
 * @param leafHashes the recomputed leaf hashes, leaf i for event i + 1
 * @param problem what is wrong, in one line, or null when the log is intact
 * @param firstBadSeq the first event that is wrong, or 0
 * @param storedCheckpoints the signed checkpoints stored in the log, oldest first
 */
public record LogCheck(
    long treeSize,
    List<byte[]> leafHashes,
    String problem,
    long firstBadSeq,
    List<String> storedCheckpoints) {

  public boolean intact() {
    return problem == null;
  }

  /** The recomputed tree's complete subtrees, for roots and proofs. */
  public MerkleVerifier.Subtrees tree() {
    return MerkleVerifier.subtrees(leafHashes);
  }

  /**
   * Runs the check in one snapshot transaction, so appends that commit meanwhile (serve keeps
   * running) are neither half seen nor mistaken for tampering.
   */
  static LogCheck run(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
      try {
        return check(c);
      } finally {
        c.commit();
        s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static LogCheck check(Connection c) throws SQLException {
    long headSize = EventRows.size(c);
    List<String> checkpoints = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT signed FROM checkpoint ORDER BY tree_size")) {
      while (rs.next()) {
        checkpoints.add(rs.getString(1));
      }
    }
    List<byte[]> leaves = new ArrayList<>();
    long expected = 1;
    Instant previous = Instant.EPOCH;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT " + EventRows.COLUMNS + " FROM audit_event ORDER BY seq")) {
      while (rs.next()) {
        AuditEvent e;
        try {
          e = EventRows.event(rs);
        } catch (SQLException unreadable) {
          long seq = rs.getLong(1);
          return bad(leaves, seq, "event " + seq + " is unreadable: " + unreadable.getMessage());
        }
        if (e.seq() != expected) {
          return bad(
              leaves,
              expected,
              "event " + expected + " is missing (deleted, or the events after it renumbered)");
        }
        if (expected > headSize) {
          return bad(
              leaves,
              expected,
              "event " + expected + " is beyond the log's head (size " + headSize + "): inserted");
        }
        byte[] leaf = TreeHash.leaf(CanonicalEvent.encode(e));
        byte[] stored = HexFormat.of().parseHex(e.leafHash());
        if (!MessageDigest.isEqual(leaf, stored)) {
          return bad(
              leaves,
              expected,
              "event " + expected + " does not match its leaf hash: changed, inserted or moved");
        }
        if (e.time().isBefore(previous)) {
          return bad(
              leaves, expected, "event " + expected + " is earlier than the one before: reordered");
        }
        previous = e.time();
        leaves.add(leaf);
        expected++;
      }
    }
    if (leaves.size() < headSize) {
      return bad(
          leaves, expected, "event " + expected + " is missing: the log's head says " + headSize);
    }
    MerkleVerifier.Subtrees tree = MerkleVerifier.subtrees(leaves);
    long n = leaves.size();
    long nodes = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT lvl, idx, hash FROM tree_node ORDER BY lvl, idx")) {
      while (rs.next()) {
        int level = rs.getInt(1);
        long idx = rs.getLong(2);
        long first = (idx << level) + 1;
        if (level >= 63 || idx >= (n >> level)) {
          return bad(
              leaves,
              n + 1,
              "event "
                  + (n + 1)
                  + " is missing: the stored Merkle tree covers more events (truncated)");
        }
        if (!MessageDigest.isEqual(rs.getBytes(3), tree.hash(level, idx))) {
          return bad(
              leaves,
              first,
              "events "
                  + first
                  + " to "
                  + (first + (1L << level) - 1)
                  + " differ from the stored Merkle tree: changed, inserted or moved");
        }
        nodes++;
      }
    }
    long expectedNodes = 0;
    for (int level = 1; (n >> level) > 0; level++) {
      expectedNodes += n >> level;
    }
    if (nodes != expectedNodes) {
      return bad(leaves, 1, "the stored Merkle tree misses nodes");
    }
    for (String signed : checkpoints) {
      Checkpoint cp = parseSigned(signed);
      if (cp.size() > n) {
        return bad(
            leaves,
            n + 1,
            "event "
                + (n + 1)
                + " is missing: a stored checkpoint covers "
                + cp.size()
                + " events (truncated)");
      }
      if (!MessageDigest.isEqual(cp.root(), MerkleVerifier.root(tree, cp.size()))) {
        return bad(
            leaves,
            1,
            "the events differ from the stored checkpoint at size " + cp.size() + " (rewritten)");
      }
    }
    return new LogCheck(n, leaves, null, 0, checkpoints);
  }

  /** The checkpoint inside a clear-signed text, without checking the signature. */
  public static Checkpoint parseSigned(String signed) {
    int start = signed.indexOf("\n\n");
    int end = signed.indexOf("-----BEGIN PGP SIGNATURE-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a clear-signed checkpoint");
    }
    return Checkpoint.parse(signed.substring(start + 2, end));
  }

  private static LogCheck bad(List<byte[]> leaves, long seq, String problem) {
    return new LogCheck(leaves.size(), leaves, problem, seq, List.of());
  }
}
