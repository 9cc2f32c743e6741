package org.prex.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.prex.audit.verify.Checkpoint;
import org.prex.merkle.Frontier;
import org.prex.merkle.MerkleTree;
import org.prex.merkle.TreeHash;

/**
 * What {@code prex audit verify} finds: every event's leaf hash recomputed from its stored fields
 * ({@link CanonicalEvent}), and the first event that is missing, changed, inserted or out of order,
 * if any. Also checks the stored tree nodes and the stored checkpoints' roots against the
 * recomputed tree; checking the checkpoints' signatures is the caller's (it holds the key).
 *
 * <p>The check streams: it reads the events and the tree's nodes in pages, in log order, and keeps
 * only the O(log n) frontier of the recomputed tree, so its memory does not grow with the log.
 * Consistency proofs are made, once the stored nodes were found equal to the recomputed ones, from
 * those stored nodes in the same snapshot, for the sizes the caller asked for.
 *
 * @param treeSize events the recomputed tree holds
 * @param root the recomputed tree's root hash (of the first {@code treeSize} events)
 * @param problem what is wrong, in one line, or null when the log is intact
 * @param firstBadSeq the first event that is wrong, or 0
 * @param storedCheckpoints the signed checkpoints stored in the log, oldest first
 * @param consistencyProofs for each size asked for (up to {@code treeSize}), the consistency proof
 *     from the tree of that size to the whole tree; empty unless the log is intact
 */
public record LogCheck(
    long treeSize,
    byte[] root,
    String problem,
    long firstBadSeq,
    List<String> storedCheckpoints,
    Map<Long, List<byte[]>> consistencyProofs) {

  /** Rows read per query: bounds the memory a page of results takes. */
  private static final int PAGE = 1000;

  public boolean intact() {
    return problem == null;
  }

  /**
   * The consistency proof from the tree of {@code size} events to the whole tree.
   *
   * @throws IllegalArgumentException if that size was not asked for when the check ran, or is
   *     beyond the log
   */
  public List<byte[]> consistencyProof(long size) {
    List<byte[]> proof = consistencyProofs.get(size);
    if (proof == null) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + size + " was prepared (log size " + treeSize + ")");
    }
    return proof;
  }

  /**
   * Runs the check in one snapshot transaction, so appends that commit meanwhile (serve keeps
   * running) are neither half seen nor mistaken for tampering.
   *
   * @param proofSizes the tree sizes to prepare consistency proofs from
   */
  static LogCheck run(Connection c, Collection<Long> proofSizes) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    Dialect.snapshotReads(c);
    try {
      return new Scan(c).check(proofSizes);
    } finally {
      c.commit();
      Dialect.committedReads(c);
      c.setAutoCommit(autoCommit);
    }
  }

  /** The checkpoint inside a clear-signed text, without checking the signature. */
  public static Checkpoint parseSigned(String signed) {
    return Checkpoint.parseSigned(signed);
  }

  /** A problem found, and the event it names. */
  private record Problem(long seq, String text) {}

  /** One pass over the log in one snapshot. */
  private static final class Scan {
    private final Connection c;

    /** The recomputed tree's right edge. */
    private final Frontier tree = new Frontier();

    /** The stored nodes of each level, read in index order as the recomputed ones complete. */
    private final StoredLevel[] stored = new StoredLevel[64];

    /** The first stored-node problem of each level; reported lowest level first. */
    private final Problem[] nodeProblems = new Problem[64];

    private boolean nodesMissing;

    Scan(Connection c) {
      this.c = c;
    }

    LogCheck check(Collection<Long> proofSizes) throws SQLException {
      long headSize = EventRows.size(c);
      List<String> checkpoints = new ArrayList<>();
      TreeMap<Long, byte[]> checkpointRoots = new TreeMap<>();
      RuntimeException unparsable = null; // thrown once the events and nodes passed
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT signed FROM checkpoint ORDER BY tree_size")) {
        while (rs.next()) {
          String signed = rs.getString(1);
          checkpoints.add(signed);
          try {
            Checkpoint cp = parseSigned(signed);
            checkpointRoots.putIfAbsent(cp.size(), cp.root());
          } catch (RuntimeException e) {
            unparsable = unparsable == null ? e : unparsable;
          }
        }
      }
      // Roots of the recomputed tree at each stored checkpoint's size, taken as the scan passes it.
      TreeMap<Long, byte[]> rootsAt = new TreeMap<>();
      if (checkpointRoots.containsKey(0L)) {
        rootsAt.put(0L, TreeHash.empty());
      }

      long expected = 1;
      Instant previous = Instant.EPOCH;
      HexFormat hex = HexFormat.of();
      try (PreparedStatement page =
          c.prepareStatement(
              "SELECT "
                  + EventRows.columns(c)
                  + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT "
                  + PAGE)) {
        long after = Long.MIN_VALUE;
        boolean more = true;
        while (more) {
          page.setLong(1, after);
          int rows = 0;
          try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
              rows++;
              after = rs.getLong(1);
              AuditEvent e;
              try {
                e = EventRows.event(rs);
              } catch (SQLException unreadable) {
                long seq = rs.getLong(1);
                return bad(seq, "event " + seq + " is unreadable: " + unreadable.getMessage());
              }
              if (e.seq() != expected) {
                return bad(
                    expected,
                    "event "
                        + expected
                        + " is missing (deleted, or the events after it renumbered)");
              }
              if (expected > headSize) {
                return bad(
                    expected,
                    "event "
                        + expected
                        + " is beyond the log's head (size "
                        + headSize
                        + "): inserted");
              }
              byte[] leaf = TreeHash.leaf(CanonicalEvent.encode(e));
              if (!MessageDigest.isEqual(leaf, hex.parseHex(e.leafHash()))) {
                return bad(
                    expected,
                    "event "
                        + expected
                        + " does not match its leaf hash: changed, inserted or moved");
              }
              if (e.time().isBefore(previous)) {
                return bad(
                    expected, "event " + expected + " is earlier than the one before: reordered");
              }
              previous = e.time();
              tree.add(leaf, this::compare);
              expected++;
              if (checkpointRoots.containsKey(tree.size())) {
                rootsAt.put(tree.size(), tree.root());
              }
            }
          }
          more = rows == PAGE;
        }
      }
      long n = tree.size();
      if (n < headSize) {
        return bad(expected, "event " + expected + " is missing: the log's head says " + headSize);
      }
      Problem nodes = storedNodeProblem(n);
      if (nodes != null) {
        return bad(nodes.seq(), nodes.text());
      }
      if (unparsable != null) {
        throw unparsable;
      }
      for (Map.Entry<Long, byte[]> cp : checkpointRoots.entrySet()) {
        if (cp.getKey() > n) {
          return bad(
              n + 1,
              "event "
                  + (n + 1)
                  + " is missing: a stored checkpoint covers "
                  + cp.getKey()
                  + " events (truncated)");
        }
        if (!MessageDigest.isEqual(cp.getValue(), rootsAt.get(cp.getKey()))) {
          return bad(
              1,
              "the events differ from the stored checkpoint at size "
                  + cp.getKey()
                  + " (rewritten)");
        }
      }
      // The stored nodes equal the recomputed ones (checked above): proofs may come from them.
      Map<Long, List<byte[]>> proofs = new TreeMap<>();
      for (long size : new TreeSet<>(proofSizes)) {
        if (size >= 0 && size <= n) {
          proofs.put(size, List.copyOf(MerkleTree.consistencyProof(TreeRows.source(c), size, n)));
        }
      }
      return new LogCheck(n, tree.root(), null, 0, checkpoints, proofs);
    }

    private LogCheck bad(long seq, String problem) {
      return new LogCheck(tree.size(), null, problem, seq, List.of(), Map.of());
    }

    /** Checks a recomputed node against the stored one of the same place. */
    private void compare(int level, long idx, byte[] hash) throws SQLException {
      if (nodeProblems[level] != null) {
        return;
      }
      if (stored[level] == null) {
        stored[level] = new StoredLevel(c, level);
      }
      StoredLevel rows = stored[level];
      StoredNode row = rows.peek();
      while (row != null && row.idx() < idx) { // cannot happen: the key is (lvl, idx)
        rows.poll();
        row = rows.peek();
      }
      if (row == null || row.idx() > idx) {
        nodesMissing = true;
        return;
      }
      rows.poll();
      if (!MessageDigest.isEqual(row.hash(), hash)) {
        long first = (idx << level) + 1;
        nodeProblems[level] =
            new Problem(
                first,
                "events "
                    + first
                    + " to "
                    + (first + (1L << level) - 1)
                    + " differ from the stored Merkle tree: changed, inserted or moved");
      }
    }

    /**
     * The first problem of the stored nodes, in (level, index) order: a node that differs from the
     * recomputed one, or one beyond the recomputed tree (the log was truncated); else a node that
     * is missing.
     */
    private Problem storedNodeProblem(long n) throws SQLException {
      Problem truncated =
          new Problem(
              n + 1,
              "event "
                  + (n + 1)
                  + " is missing: the stored Merkle tree covers more events (truncated)");
      int top = 0; // the highest level that has complete subtrees
      while (top < 62 && (n >> (top + 1)) > 0) {
        top++;
      }
      for (int level = 1; level <= top; level++) {
        if (nodeProblems[level] != null) {
          return nodeProblems[level];
        }
        StoredLevel rows = stored[level] == null ? new StoredLevel(c, level) : stored[level];
        if (rows.peek() != null) { // every node below n >> level was consumed or missing
          return truncated;
        }
      }
      try (PreparedStatement p =
          c.prepareStatement("SELECT 1 FROM tree_node WHERE lvl > ? LIMIT 1")) {
        p.setInt(1, top);
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            return truncated;
          }
        }
      }
      return nodesMissing ? new Problem(1, "the stored Merkle tree misses nodes") : null;
    }
  }

  private record StoredNode(long idx, byte[] hash) {}

  /** The stored nodes of one level in index order, read a page at a time. */
  private static final class StoredLevel {
    private final Connection c;
    private final int level;
    private final ArrayDeque<StoredNode> page = new ArrayDeque<>();
    private long after = -1;
    private boolean exhausted;

    StoredLevel(Connection c, int level) {
      this.c = c;
      this.level = level;
    }

    StoredNode peek() throws SQLException {
      if (page.isEmpty() && !exhausted) {
        fill();
      }
      return page.peek();
    }

    void poll() {
      page.poll();
    }

    private void fill() throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT idx, hash FROM tree_node WHERE lvl = ? AND idx > ? ORDER BY lvl, idx LIMIT "
                  + PAGE)) {
        p.setInt(1, level);
        p.setLong(2, after);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            after = rs.getLong(1);
            page.add(new StoredNode(after, rs.getBytes(2)));
          }
        }
      }
      exhausted = page.size() < PAGE;
    }
  }
}
