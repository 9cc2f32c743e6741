package org.prex.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.prex.audit.AuditLog;
import org.prex.audit.LogCheck;
import org.prex.audit.verify.Checkpoint;
import org.prex.audit.verify.HeldCheckpoint;
import org.prex.merkle.MerkleVerifier;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;

/**
 * What {@code audit verify} checks, for the console: the whole log recomputed, every checkpoint it
 * issued (into receipts and packages) signed by the exchange, and a checkpoint a user holds proven
 * consistent with the log now (docs/console.md).
 */
final class Integrity {
  /** One verification's outcome. */
  record Result(Instant at, boolean intact, String summary) {}

  private final AuditLog log;
  private final PublicCert exchange;
  private final Clock clock;
  private volatile Result last;

  /**
   * The newest checkpoint a verification found (size and root): the log must stay consistent with
   * it, so a later truncation that also deleted the checkpoint rows is still caught (in memory: a
   * restart forgets it, and the checkpoints labs hold remain the proof).
   */
  private volatile Checkpoint seen;

  Integrity(AuditLog log, PublicCert exchange, Clock clock) {
    this.log = log;
    this.exchange = exchange;
    this.clock = clock;
  }

  /** The latest verification's outcome, or null before the first. */
  Result last() {
    return last;
  }

  /** Recomputes the log and checks every stored checkpoint's signature; publishes the result. */
  Result verify() {
    Result r = run();
    publish(r);
    return r;
  }

  /** Makes a result the one every page shows. */
  void publish(Result r) {
    last = r;
  }

  /** Recomputes the log and checks every stored checkpoint, without publishing the result. */
  Result run() {
    Instant at = clock.instant();
    Checkpoint before = seen;
    LogCheck check;
    try {
      check = log.verify(before == null ? List.of() : List.of(before.size()));
    } catch (RuntimeException e) {
      // the message may name paths and SQL: the class says enough here, the log says the rest
      return new Result(
          at, false, "the log could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!check.intact()) {
      return new Result(at, false, check.problem());
    }
    if (before != null) {
      if (check.treeSize() < before.size()) {
        return new Result(
            at,
            false,
            "the log holds "
                + check.treeSize()
                + " events, but held a checkpoint of size "
                + before.size()
                + " at "
                + before.time()
                + ": it was truncated");
      }
      if (!MerkleVerifier.verifyConsistency(
          before.size(),
          check.treeSize(),
          before.root(),
          check.root(),
          check.consistencyProof(before.size()))) {
        return new Result(
            at,
            false,
            "the log's first "
                + before.size()
                + " events differ from its checkpoint of "
                + before.time());
      }
    }
    for (String stored : check.storedCheckpoints()) {
      try {
        ClearSigner.verify(stored, exchange);
      } catch (SealException | RuntimeException e) {
        return new Result(
            at,
            false,
            "the stored checkpoint of size "
                + LogCheck.parseSigned(stored).size()
                + " is not signed by the exchange key "
                + exchange.fingerprint());
      }
    }
    if (!check.storedCheckpoints().isEmpty()) {
      Checkpoint newest =
          LogCheck.parseSigned(check.storedCheckpoints().get(check.storedCheckpoints().size() - 1));
      if (before == null || newest.size() >= before.size()) {
        seen = newest;
      }
    }
    return new Result(
        at,
        true,
        check.treeSize()
            + " events intact; "
            + check.storedCheckpoints().size()
            + " checkpoints issued to labs and agencies, all signed by "
            + exchange.fingerprint()
            + " and consistent with the log");
  }

  /**
   * Checks a checkpoint, receipt or opened package manifest a user holds: its signatures are the
   * exchange's, and the log now is an extension of the log it saw (not truncated, not rewritten).
   */
  Result checkHeld(String text) {
    Instant at = clock.instant();
    Checkpoint claimed = HeldCheckpoint.claimed(text);
    Checkpoint cp;
    try {
      cp = HeldCheckpoint.read(text, exchange);
    } catch (IllegalArgumentException e) {
      return new Result(at, false, "not accepted: " + e.getMessage());
    }
    LogCheck check =
        log.verify(claimed != null && claimed.size() == cp.size() ? List.of(cp.size()) : List.of());
    if (!check.intact()) {
      return new Result(at, false, "the log itself does not verify: " + check.problem());
    }
    if (cp.size() > check.treeSize()) {
      return new Result(
          at,
          false,
          "the checkpoint covers "
              + cp.size()
              + " events, the log holds "
              + check.treeSize()
              + ": the log was truncated");
    }
    if (!MerkleVerifier.verifyConsistency(
        cp.size(), check.treeSize(), cp.root(), check.root(), check.consistencyProof(cp.size()))) {
      return new Result(
          at,
          false,
          "the log's first " + cp.size() + " events differ from the checkpoint: rewritten");
    }
    return new Result(
        at,
        true,
        "consistent: the checkpoint of size "
            + cp.size()
            + " ("
            + cp.time()
            + ") is signed by the exchange, and the log of "
            + check.treeSize()
            + " events extends it");
  }
}
