package org.prex.receipt;

import java.util.Objects;
import org.prex.audit.AuditLog;
import org.prex.seal.ClearSigner;

/**
 * Makes the log's signed checkpoints (docs/pipeline.md, "Answers"): one goes into every receipt,
 * and one is made after every handled submission (delivered, rejected or quarantined), so that all
 * its events are under a checkpoint when its handling ends. Agency manifests carry the {@link
 * #current} checkpoint at the time they are sealed: it covers the item's events up to its routing,
 * not its SEALED and DELIVERED events (a sealed manifest cannot name what happens after it is
 * sealed); the checkpoint made when the item's handling ends covers those, and extends the
 * manifest's.
 */
public final class Checkpointer {
  private final AuditLog log;
  private final ClearSigner signer;

  public Checkpointer(AuditLog log, ClearSigner signer) {
    this.log = Objects.requireNonNull(log, "audit log");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /**
   * Puts every event so far under a checkpoint kept in the log (none is made if the newest already
   * covers them all): the last step of every handled submission, so that its RECEIPT_SENT is under
   * one too.
   */
  public void checkpoint() {
    log.recordCheckpoint(signer::sign);
  }

  /** A signed checkpoint of every event so far (the newest stored one if nothing was added). */
  public String current() {
    return log.checkpoint(signer::sign);
  }

  /**
   * A signed checkpoint that covers at least the log's first {@code events} events: the newest
   * stored one when it does, else a new one of every event so far.
   */
  public String covering(long events) {
    return log.checkpoint(signer::sign, events);
  }
}
