package org.prex.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One event of the transfer log, as stored: its draft's fields plus what the log assigned. The
 * fields are defined in {@link Field}; docs/audit-log.md describes them.
 *
 * @param seq position in the log, 1, 2, 3… without gaps; leaf {@code seq - 1} of the Merkle tree
 * @param time when the log recorded it, UTC, millisecond precision, never earlier than the event
 *     before it
 * @param draft the fields the pipeline step gave
 * @param leafHash {@code SHA-256(0x00 ‖ CanonicalEvent.encode(this))}, 64 lower-case hex digits
 */
public record AuditEvent(long seq, Instant time, EventDraft draft, String leafHash) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  public AuditEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("Invalid event seq " + seq + "; the log counts from 1");
    }
    Objects.requireNonNull(time, "event time");
    if (time.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "Invalid event time " + time + "; the log keeps milliseconds, no finer");
    }
    Objects.requireNonNull(draft, "event draft");
    Objects.requireNonNull(leafHash, "leaf hash");
    if (!HASH.matcher(leafHash).matches()) {
      throw new IllegalArgumentException(
          "Invalid leaf hash of event " + seq + "; expected 64 lower-case hex digits");
    }
  }

  static AuditEvent of(long seq, Instant time, EventDraft d, String leafHash) {
    return new AuditEvent(seq, time, d, leafHash);
  }

  public EventType type() {
    return draft.type();
  }

  public String lab() {
    return draft.lab();
  }

  public String submission() {
    return draft.submission();
  }

  public String item() {
    return draft.item();
  }

  public String agency() {
    return draft.agency();
  }

  public String transfer() {
    return draft.transfer();
  }

  public String designation() {
    return draft.designation();
  }

  public String sha256Plain() {
    return draft.sha256Plain();
  }

  public String sha256Cipher() {
    return draft.sha256Cipher();
  }

  public String keyFingerprint() {
    return draft.keyFingerprint();
  }

  public String reason() {
    return draft.reason();
  }

  /** The SHA-256 of the routing policy the event's decision was made under, or null. */
  public String policy() {
    return draft.policy();
  }

  /** The console account that did it (CONSOLE_ events), or null. */
  public String actor() {
    return draft.actor();
  }
}
