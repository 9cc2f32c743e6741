package org.prex.audit;

import java.util.Objects;
import java.util.function.Function;

/**
 * An event as a pipeline step describes it, before the log gives it a sequence number, a time and a
 * leaf hash. Immutable; build it fluently:
 *
 * <pre>{@code
 * log.append(EventDraft.of(EventType.STAGED).lab("acme-ai").submission(s).item(i).sha256Plain(h));
 * }</pre>
 *
 * <p>Every field but {@code type} may be null (not applicable). Identifiers are 1..200 characters
 * without control characters; {@code designation} at most 500; {@code reason} is free text of at
 * most 10,000 characters; the SHA-256 fields (sha256Plain, sha256Cipher, policy) are 64 hex digits,
 * kept in lower case (the fields are defined in {@link Field}). {@code policy} names the routing
 * policy a decision was made under: its text is kept in the data folder ({@code prex audit policy
 * SHA}). {@code actor} names the console account behind a CONSOLE_ event. Never put file content in
 * an event.
 */
public record EventDraft(
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
    String actor) {

  public EventDraft {
    Objects.requireNonNull(type, "event type");
    lab = Field.LAB.check(lab);
    submission = Field.SUBMISSION.check(submission);
    item = Field.ITEM.check(item);
    agency = Field.AGENCY.check(agency);
    transfer = Field.TRANSFER.check(transfer);
    designation = Field.DESIGNATION.check(designation);
    sha256Plain = Field.SHA256_PLAIN.check(sha256Plain);
    sha256Cipher = Field.SHA256_CIPHER.check(sha256Cipher);
    keyFingerprint = Field.KEY_FINGERPRINT.check(keyFingerprint);
    reason = Field.REASON.check(reason);
    policy = Field.POLICY.check(policy);
    actor = Field.ACTOR.check(actor);
  }

  /** A draft of this type with every other field empty. */
  public static EventDraft of(EventType type) {
    return of(type, field -> null);
  }

  /** A draft of this type whose text fields ({@link Field#TEXTS}) have these values. */
  static EventDraft of(EventType type, Function<Field, String> value) {
    return new EventDraft(
        type,
        value.apply(Field.LAB),
        value.apply(Field.SUBMISSION),
        value.apply(Field.ITEM),
        value.apply(Field.AGENCY),
        value.apply(Field.TRANSFER),
        value.apply(Field.DESIGNATION),
        value.apply(Field.SHA256_PLAIN),
        value.apply(Field.SHA256_CIPHER),
        value.apply(Field.KEY_FINGERPRINT),
        value.apply(Field.REASON),
        value.apply(Field.POLICY),
        value.apply(Field.ACTOR));
  }

  /** A copy of this draft with one text field changed. */
  EventDraft with(Field field, String value) {
    return of(type, f -> f == field ? value : f.text(this));
  }

  public EventDraft lab(String value) {
    return with(Field.LAB, value);
  }

  public EventDraft submission(String value) {
    return with(Field.SUBMISSION, value);
  }

  public EventDraft item(String value) {
    return with(Field.ITEM, value);
  }

  public EventDraft agency(String value) {
    return with(Field.AGENCY, value);
  }

  public EventDraft transfer(String value) {
    return with(Field.TRANSFER, value);
  }

  public EventDraft designation(String value) {
    return with(Field.DESIGNATION, value);
  }

  public EventDraft sha256Plain(String value) {
    return with(Field.SHA256_PLAIN, value);
  }

  public EventDraft sha256Cipher(String value) {
    return with(Field.SHA256_CIPHER, value);
  }

  public EventDraft keyFingerprint(String value) {
    return with(Field.KEY_FINGERPRINT, value);
  }

  public EventDraft reason(String value) {
    return with(Field.REASON, value);
  }

  /** The SHA-256 of the policy a decision was made under (ROUTED, POLICY_LOADED). */
  public EventDraft policy(String value) {
    return with(Field.POLICY, value);
  }

  /** The console account that did it (CONSOLE_ events); docs/console.md. */
  public EventDraft actor(String value) {
    return with(Field.ACTOR, value);
  }
}
