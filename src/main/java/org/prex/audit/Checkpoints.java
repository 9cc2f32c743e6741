package org.prex.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.prex.audit.verify.Checkpoint;
import org.prex.merkle.HashSource;
import org.prex.merkle.MerkleTree;

/**
 * Makes signed checkpoints of the log and proves events under the newest one, from the stored tree
 * nodes ({@link TreeRows}) in O(log n) reads. docs/audit-log.md describes the checkpoint text.
 */
final class Checkpoints {
  private final LogStore store;
  private final Journal journal;

  /** {@code journal} may be null for a read-only log, which never makes a checkpoint. */
  Checkpoints(LogStore store, Journal journal) {
    this.store = store;
    this.journal = journal;
  }

  /** One maker at a time: whoever waits meanwhile is usually covered by its checkpoint. */
  private final ReentrantLock making = new ReentrantLock();

  /** The tree size of the newest checkpoint known to be in the database file. */
  private volatile long flushedThrough;

  /**
   * Returns the newest signed checkpoint if it covers the first {@code covering} events, else makes
   * one of the log as it is now. Holds the head row's lock meanwhile, so no append slips between
   * the size read and the root computed.
   *
   * <p>Checkpoints are made one at a time, outside the lock appends take: those asked for while one
   * is being made are, when it is done, mostly covered by it and share it. A checkpoint is in the
   * database file, with every event it covers, before this returns; it is written on a connection
   * of its own, so appends go on meanwhile.
   */
  String make(UnaryOperator<String> sign, long covering) {
    Objects.requireNonNull(sign, "signer");
    store.requireWritable();
    String what = "cannot make a checkpoint";
    making.lock();
    try {
      Made made =
          store.locked(
              () -> {
                Made m = store.run(what, c -> make(c, sign, covering));
                if (m.row() != null && journal != null) {
                  journal.committed(what, () -> journal.checkpoint(m.row()));
                }
                return m;
              });
      flushThrough(made.treeSize(), what);
      return made.signed();
    } finally {
      making.unlock();
    }
  }

  /**
   * Makes sure the checkpoint of {@code treeSize} events, and what it covers, is in the database
   * file and on stable storage in the journal, before it leaves the log (docs/audit-log.md,
   * "Durability").
   */
  private void flushThrough(long treeSize, String what) {
    if (treeSize > flushedThrough) {
      // every commit so far goes in, this checkpoint's row and the events it covers among them
      store.flushCommitted(what);
      try {
        if (journal != null) {
          journal.force();
        }
      } catch (IOException e) {
        throw LogStore.failure(
            store.where(), what + " (the journal could not be forced to the disk)", e);
      }
      flushedThrough = Math.max(flushedThrough, treeSize);
    }
  }

  /**
   * A reader hands out a checkpoint another process made: the journal lines of the events it covers
   * go to the disk first (H2; PostgreSQL committed them durably already).
   */
  private void forceForReader(String what) {
    if (store.postgres()) {
      return;
    }
    try {
      Journal.forceFiles(store.location());
    } catch (IOException e) {
      throw LogStore.failure(
          store.where(), what + " (the journal could not be forced to the disk)", e);
    }
  }

  /** The checkpoint to hand out, its size, and the row stored for it if a new one was made. */
  private record Made(String signed, long treeSize, CheckpointRows.Row row) {}

  private static Made make(Connection c, UnaryOperator<String> sign, long covering)
      throws SQLException {
    long size = EventRows.lockHead(c);
    Optional<CheckpointRows.Row> latest = CheckpointRows.latest(c);
    if (latest.isPresent() && latest.get().treeSize() >= Math.min(covering, size)) {
      return new Made(latest.get().signed(), latest.get().treeSize(), null);
    }
    byte[] root = MerkleTree.root(TreeRows.source(c), size);
    Instant now = Instant.now();
    String signed = sign.apply(new Checkpoint(Checkpoint.ORIGIN, size, root, now).text());
    CheckpointRows.Row row = new CheckpointRows.Row(size, now.toEpochMilli(), root, signed);
    CheckpointRows.insert(c, row);
    return new Made(signed, size, row);
  }

  /**
   * The newest signed checkpoint, if one was made; in the database file before it is returned
   * unless the log is open read-only.
   */
  Optional<String> latest() {
    String what = "cannot read the latest checkpoint";
    Optional<CheckpointRows.Row> row = store.run(what, CheckpointRows::latest);
    if (row.isPresent()) {
      if (store.readOnly()) {
        forceForReader(what);
      } else {
        flushThrough(row.get().treeSize(), what);
      }
    }
    return row.map(CheckpointRows.Row::signed);
  }

  /**
   * The inclusion proof of event {@code seq} against the newest checkpoint.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover the event
   */
  AuditLog.InclusionProof prove(long seq) {
    return proveAll(List.of(seq), 0).proofs().get(0);
  }

  /**
   * The inclusion proofs of these events against the newest checkpoint, all of the same one, in one
   * pass: a node the proofs share (events close together share most) is read once.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover an event
   */
  AuditLog.Proved proveAll(List<Long> seqs, long treeSize) {
    String what = "cannot prove events " + (seqs.isEmpty() ? "(none)" : seqs.get(0) + "…");
    AuditLog.Proved proved = proofs(seqs, treeSize, what);
    if (store.readOnly()) {
      forceForReader(what);
    } else {
      // the checkpoint the proofs name leaves with them: in the file first, whoever made it (one
      // made by another thread may not be written yet)
      flushThrough(proved.treeSize(), what);
    }
    return proved;
  }

  /** Under the checkpoint of {@code treeSize} events, or the newest for 0. */
  private AuditLog.Proved proofs(List<Long> seqs, long treeSize, String what) {
    return store.run(
        what,
        c -> {
          CheckpointRows.Row latest =
              (treeSize == 0 ? CheckpointRows.latest(c) : CheckpointRows.at(c, treeSize))
                  .orElseThrow(
                      () ->
                          new AuditLogException(
                              store.where(),
                              treeSize == 0
                                  ? "there is no checkpoint yet"
                                  : "there is no checkpoint of " + treeSize + " events",
                              null));
          HashSource<SQLException> stored = TreeRows.source(c);
          Map<Long, byte[]> read = new HashMap<>();
          // an index below 2^57 and a level below 64: one key for both
          HashSource<SQLException> nodes =
              (level, index) -> {
                long key = (index << 6) | level;
                byte[] hash = read.get(key);
                if (hash == null) {
                  hash = stored.hash(level, index);
                  read.put(key, hash);
                }
                return hash;
              };
          List<AuditLog.InclusionProof> proofs = new ArrayList<>();
          for (long seq : seqs) {
            if (seq < 1 || seq > latest.treeSize()) {
              throw new AuditLogException(
                  store.where(),
                  "event "
                      + seq
                      + " is not under the checkpoint (events 1 to "
                      + latest.treeSize()
                      + ")",
                  null);
            }
            byte[] leaf = nodes.hash(0, seq - 1);
            List<byte[]> proof = MerkleTree.inclusionProof(nodes, seq - 1, latest.treeSize());
            proofs.add(new AuditLog.InclusionProof(seq, leaf, proof, latest.signed()));
          }
          return new AuditLog.Proved(latest.treeSize(), proofs);
        });
  }
}
