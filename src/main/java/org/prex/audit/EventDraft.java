package org.prex.audit;

import java.util.Objects;

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
 * kept in lower case. {@code policy} names the routing policy a decision was made under: its text
 * is kept in the data folder ({@code prex audit policy SHA}). Never put file content in an event.
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
    String policy) {

  public EventDraft {
    Objects.requireNonNull(type, "event type");
    lab = Fields.id("lab", lab);
    submission = Fields.id("submission", submission);
    item = Fields.id("item", item);
    agency = Fields.id("agency", agency);
    transfer = Fields.id("transfer", transfer);
    designation = Fields.designation(designation);
    sha256Plain = Fields.sha256("sha256Plain", sha256Plain);
    sha256Cipher = Fields.sha256("sha256Cipher", sha256Cipher);
    keyFingerprint = Fields.id("keyFingerprint", keyFingerprint);
    reason = Fields.reason(reason);
    policy = Fields.sha256("policy", policy);
  }

  /** A draft of this type with every other field empty. */
  public static EventDraft of(EventType type) {
    return new EventDraft(type, null, null, null, null, null, null, null, null, null, null, null);
  }

  public EventDraft lab(String value) {
    return new EventDraft(
        type,
        value,
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

  public EventDraft submission(String value) {
    return new EventDraft(
        type,
        lab,
        value,
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

  public EventDraft item(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        value,
        agency,
        transfer,
        designation,
        sha256Plain,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft agency(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        value,
        transfer,
        designation,
        sha256Plain,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft transfer(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        agency,
        value,
        designation,
        sha256Plain,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft designation(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        agency,
        transfer,
        value,
        sha256Plain,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft sha256Plain(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        agency,
        transfer,
        designation,
        value,
        sha256Cipher,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft sha256Cipher(String value) {
    return new EventDraft(
        type,
        lab,
        submission,
        item,
        agency,
        transfer,
        designation,
        sha256Plain,
        value,
        keyFingerprint,
        reason,
        policy);
  }

  public EventDraft keyFingerprint(String value) {
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
        value,
        reason,
        policy);
  }

  public EventDraft reason(String value) {
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
        value,
        policy);
  }

  /** The SHA-256 of the policy a decision was made under (ROUTED, POLICY_LOADED). */
  public EventDraft policy(String value) {
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
        value);
  }
}
