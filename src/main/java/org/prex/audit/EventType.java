package org.prex.audit;

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
  POLICY_REFUSED
}
