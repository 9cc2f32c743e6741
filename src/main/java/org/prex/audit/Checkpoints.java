package org.prex.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

  /**
   * Returns the newest signed checkpoint if it covers the first {@code covering} events, else makes
   * one of the log as it is now. Holds the head row's lock meanwhile, so no append slips between
   * the size read and the root computed.
   */
  String make(UnaryOperator<String> sign, long covering) {
    Objects.requireNonNull(sign, "signer");
    store.requireWritable();
    String what = "cannot make a checkpoint";
    return store.locked(
        () -> {
          Made made = store.run(what, c -> make(c, sign, covering));
          if (made.row() != null) {
            // the events it covers and the checkpoint are in the file before it is handed out
            store.flushCommitted(what);
            journal.committed(what, () -> journal.checkpoint(made.row()));
          }
          return made.signed();
        });
  }

  /** The checkpoint to hand out, and the row stored for it if a new one was made. */
  private record Made(String signed, CheckpointRows.Row row) {}

  private static Made make(Connection c, UnaryOperator<String> sign, long covering)
      throws SQLException {
    long size = EventRows.lockHead(c);
    Optional<CheckpointRows.Row> latest = CheckpointRows.latest(c);
    if (latest.isPresent() && latest.get().treeSize() >= Math.min(covering, size)) {
      return new Made(latest.get().signed(), null);
    }
    byte[] root = MerkleTree.root(TreeRows.source(c), size);
    Instant now = Instant.now();
    String signed = sign.apply(new Checkpoint(Checkpoint.ORIGIN, size, root, now).text());
    CheckpointRows.Row row = new CheckpointRows.Row(size, now.toEpochMilli(), root, signed);
    CheckpointRows.insert(c, row);
    return new Made(signed, row);
  }

  /** The newest signed checkpoint, if one was made. */
  Optional<String> latest() {
    return store.run(
        "cannot read the latest checkpoint",
        c -> CheckpointRows.latest(c).map(CheckpointRows.Row::signed));
  }

  /**
   * The inclusion proof of event {@code seq} against the newest checkpoint.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover the event
   */
  AuditLog.InclusionProof prove(long seq) {
    return proveAll(List.of(seq)).get(0);
  }

  /**
   * The inclusion proofs of these events against the newest checkpoint, all of the same one, in one
   * pass: a node the proofs share (events close together share most) is read once.
   *
   * @throws AuditLogException if there is no checkpoint yet, or it does not cover an event
   */
  List<AuditLog.InclusionProof> proveAll(List<Long> seqs) {
    return store.run(
        "cannot prove events " + (seqs.isEmpty() ? "(none)" : seqs.get(0) + "…"),
        c -> {
          CheckpointRows.Row latest =
              CheckpointRows.latest(c)
                  .orElseThrow(
                      () ->
                          new AuditLogException(
                              store.location(), "there is no checkpoint yet", null));
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
                  store.location(),
                  "event "
                      + seq
                      + " is not under the latest checkpoint (events 1 to "
                      + latest.treeSize()
                      + ")",
                  null);
            }
            byte[] leaf = nodes.hash(0, seq - 1);
            List<byte[]> proof = MerkleTree.inclusionProof(nodes, seq - 1, latest.treeSize());
            proofs.add(new AuditLog.InclusionProof(seq, leaf, proof, latest.signed()));
          }
          return proofs;
        });
  }
}
