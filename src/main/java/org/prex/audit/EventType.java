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
  CONSOLE_DOWNLOADED,
  // The review cycle (docs/review-cycle.md).
  /**
   * A submission's planned release, when its packages were first handed out: the reason says {@code
   * release-date YYYY-MM-DD}; one per submission, and one per item the manifest marks {@code
   * decontrol-on-release}. The log holds what the release and retention notices are due by.
   */
  RELEASE_SCHEDULED,
  /** An agency's signed acknowledgment ({@code prex-ack/1}) matched what it was delivered. */
  ACKNOWLEDGED,
  /**
   * A document an agency returned was refused (bad signature, mismatch); the reason says why, and
   * the item field names the notice that tells the agency.
   */
  REFUSED,
  /** A signed notice ({@code prex-notice/1}) was sent to an agency; the item field is its id. */
  NOTICE_SENT,
  /** An agency's destruction certificate ({@code prex-destroyed/1}) matched its notice. */
  DESTROYED,
  /** An item marked {@code decontrol-on-release} is PUBLIC from its release date on. */
  DECONTROLLED,
  /**
   * The lab withdrew the submission (no item, no agency), or a package of it was not delivered
   * because it was withdrawn first (item and agency).
   */
  WITHDRAWN,
  /**
   * An agency's findings folder was taken into custody: the submission it answers, the agency, and
   * in the item field the finding's id, under which its own chain of custody is logged (as a
   * submission's is) until the lab and any {@code share-with} agencies have it.
   */
  FINDINGS_RECEIVED;

  /**
   * The types that mark a state of the workflow (docs/pipeline.md, "Workflow state"): an item
   * delivered to an agency, an item quarantined, a submission or item rejected, a lab answered.
   */
  static final Set<EventType> STATES =
      EnumSet.of(
          DELIVERED,
          QUARANTINED,
          REJECTED,
          RECEIPT_SENT,
          RELEASE_SCHEDULED,
          ACKNOWLEDGED,
          REFUSED,
          NOTICE_SENT,
          DESTROYED,
          DECONTROLLED,
          WITHDRAWN);

  /** Whether an event of this type marks a state of the workflow ({@link #STATES}). */
  public boolean marksState() {
    return STATES.contains(this);
  }
}
