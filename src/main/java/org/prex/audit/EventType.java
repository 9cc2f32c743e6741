package org.prex.audit;

/** What happened to an item or submission; one value per step of the pipeline (SPEC §10). */
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
  PURGED
}
