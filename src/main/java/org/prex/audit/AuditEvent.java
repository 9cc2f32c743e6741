package org.prex.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One event of the transfer log, as stored: its draft's fields plus what the log assigned.
 *
 * @param seq position in the log, 1, 2, 3… without gaps; leaf {@code seq - 1} of the Merkle tree
 * @param time when the log recorded it, UTC, millisecond precision, never earlier than the event
 *     before it
 * @param policy SHA-256 of the routing policy the event's decision was made under, or null
 * @param leafHash {@code SHA-256(0x00 ‖ CanonicalEvent.encode(this))}, 64 lower-case hex digits
 */
public record AuditEvent(
    long seq,
    Instant time,
    EventType type,
    String lab,
    String submission,
    String item,
    String agency,
    String transfer,
    String designation,
    String sha256Plain,
    String sha256Cipher,
    String keyFingerprint,
    String reason,
    String policy,
    String leafHash) {

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
    Objects.requireNonNull(type, "event type");
    Objects.requireNonNull(leafHash, "leaf hash");
    if (!HASH.matcher(leafHash).matches()) {
      throw new IllegalArgumentException(
          "Invalid leaf hash of event " + seq + "; expected 64 lower-case hex digits");
    }
  }

  /** The fields a pipeline step gave, without what the log assigned. */
  public EventDraft draft() {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        agency,
        transfer,
        designation,
        sha256Plain,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  static AuditEvent of(long seq, Instant time, EventDraft d, String leafHash) {
    return new AuditEvent(
        seq,
        time,
        d.type(),
        d.lab(),
        d.submission(),
        d.item(),
        d.agency(),
        d.transfer(),
        d.designation(),
        d.sha256Plain(),
        d.sha256Cipher(),
        d.keyFingerprint(),
        d.reason(),
        d.policy(),
        leafHash);
  }
}
