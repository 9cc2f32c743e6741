package org.prex.audit;

import java.util.EnumSet;
import java.util.Set;

/**
 * What happened to an item or submission; one value per step of the pipeline (docs/audit-log.md).
 */
public enum EventType {
  RECEIVED,
  STAGED,
  CLASSIFIED,
  DESIGNATED,
  ROUTED,
  SEALED,
  DELIVERED,
  DELIVERY_RETRY,
  QUARANTINED,
  REJECTED,
  RECEIPT_SENT,
  PURGED,
  /**
   * The routing policy in force from now on: at every start and every reload of {@code serve}, with
   * the policy's SHA-256 (its text kept in the data folder).
   */
  POLICY_LOADED,
  /**
   * A reload of {@code serve}'s policy was refused (it has problems); the policy in force stays.
   * Names the refused text's SHA-256 and the problems.
   */
  POLICY_REFUSED,
  /** A console account logged in (docs/console.md): by password or by client certificate. */
  CONSOLE_LOGIN,
  /** A console login was refused: wrong password, unknown account, or a locked account. */
  CONSOLE_LOGIN_FAILED,
  /** A console account logged out, or its session ended. */
  CONSOLE_LOGOUT,
  /** A console account opened a submission's chain of custody, or the quarantine queue. */
  CONSOLE_VIEWED,
  /** A console account exported a selection of events as CSV or JSON. */
  CONSOLE_EXPORTED,
  /** A console account ran the log's verification, or checked a checkpoint or receipt. */
  CONSOLE_VERIFIED,
  /** A security officer downloaded a quarantined item, as its sealed file. */
  CONSOLE_DOWNLOADED;

  /**
   * The types that mark a state of the workflow (docs/pipeline.md, "Workflow state"): an item
   * delivered to an agency, an item quarantined, a submission or item rejected, a lab answered.
   */
  static final Set<EventType> STATES = EnumSet.of(DELIVERED, QUARANTINED, REJECTED, RECEIPT_SENT);

  /** Whether an event of this type marks a state of the workflow ({@link #STATES}). */
  public boolean marksState() {
    return STATES.contains(this);
  }
}
