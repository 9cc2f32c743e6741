package org.prex.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.prex.audit.verify.Checkpoint;
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
   * Makes a checkpoint of the log as it is now, unless the newest stored one already covers every
   * event, and returns the newest signed checkpoint. Holds the head row's lock meanwhile, so no
   * append slips between the size read and the root computed.
   */
  String make(UnaryOperator<String> sign) {
    Objects.requireNonNull(sign, "signer");
    store.requireWritable();
    String what = "cannot make a checkpoint";
    return store.locked(
        () -> {
          Made made = store.write(what, c -> make(c, sign));
          if (made.row() != null) {
            journal.committed(what, () -> journal.checkpoint(made.row()));
          }
          return made.signed();
        });
  }

  /** The checkpoint to hand out, and the row stored for it if a new one was made. */
  private record Made(String signed, CheckpointRows.Row row) {}

  private static Made make(Connection c, UnaryOperator<String> sign) throws SQLException {
    long size = EventRows.lockHead(c);
    Optional<CheckpointRows.Row> latest = CheckpointRows.latest(c);
    if (latest.isPresent() && latest.get().treeSize() == size) {
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
    return store.run(
        "cannot prove event " + seq,
        c -> {
          CheckpointRows.Row latest =
              CheckpointRows.latest(c)
                  .orElseThrow(
                      () ->
                          new AuditLogException(
                              store.location(), "there is no checkpoint yet", null));
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
          byte[] leaf = TreeRows.hash(c, 0, seq - 1);
          List<byte[]> proof =
              MerkleTree.inclusionProof(TreeRows.source(c), seq - 1, latest.treeSize());
          return new AuditLog.InclusionProof(seq, leaf, proof, latest.signed());
        });
  }
}
