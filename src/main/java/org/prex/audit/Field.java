package org.prex.audit;

import java.util.List;
import java.util.function.Function;

/**
 * The fields of a transfer-log event, defined once: the store's columns and their SQL types, the
 * canonical encoding's members, the journal's keys and the output formats' columns all iterate this
 * enum, in its order (docs/audit-log.md). The order is the formats' and the journal's; the
 * canonical encoding sorts the keys.
 *
 * <p>A field added after the first schema ({@link #since} &gt; 1) is left out of the canonical
 * bytes and of a journal line when it is null, so that events written before it existed keep their
 * leaf hashes and journal lines.
 */
enum Field {
  SEQ("seq", "seq", "BIGINT PRIMARY KEY CHECK (seq >= 1)", 1, "SEQ", Kind.SEQ, null),
  TIME("time", "time_ms", "BIGINT NOT NULL", 1, "TIME", Kind.TIME, null),
  TYPE("type", "event_type", "VARCHAR(32) NOT NULL", 1, "TYPE", Kind.TYPE, d -> d.type().name()),
  LAB("lab", "lab", id(), 1, "LAB", Kind.ID, EventDraft::lab),
  SUBMISSION("submission", "submission", id(), 1, "SUBMISSION", Kind.ID, EventDraft::submission),
  ITEM("item", "item", id(), 1, "ITEM", Kind.ID, EventDraft::item),
  AGENCY("agency", "agency", id(), 1, "AGENCY", Kind.ID, EventDraft::agency),
  TRANSFER("transfer", "transfer", id(), 1, "TRANSFER", Kind.ID, EventDraft::transfer),
  DESIGNATION(
      "designation",
      "designation",
      "VARCHAR(" + Fields.MAX_DESIGNATION + ")",
      1,
      "DESIGNATION",
      Kind.DESIGNATION,
      EventDraft::designation),
  SHA256_PLAIN(
      "sha256Plain", "sha256_plain", "CHAR(64)", 1, "SHA256", Kind.SHA256, EventDraft::sha256Plain),
  SHA256_CIPHER(
      "sha256Cipher",
      "sha256_cipher",
      "CHAR(64)",
      1,
      "SHA256-CIPHER",
      Kind.SHA256,
      EventDraft::sha256Cipher),
  KEY_FINGERPRINT(
      "keyFingerprint", "key_fingerprint", id(), 1, "KEY", Kind.ID, EventDraft::keyFingerprint),
  REASON(
      "reason",
      "reason",
      "VARCHAR(" + Fields.MAX_REASON + ")",
      1,
      "REASON",
      Kind.REASON,
      EventDraft::reason),
  /** The SHA-256 of the routing policy a decision was made under (ROUTED, POLICY_LOADED). */
  POLICY("policy", "policy", "CHAR(64)", 3, "POLICY", Kind.SHA256, EventDraft::policy),
  /**
   * Who did it, when a person did: the console account of a CONSOLE_ event (since schema 5). The
   * pipeline's own events have none.
   */
  ACTOR("actor", "actor", id(), 5, "ACTOR", Kind.ID, EventDraft::actor),
  LEAF_HASH("leafHash", "leaf_hash", "BINARY(32) NOT NULL", 1, "LEAF-HASH", Kind.LEAF_HASH, null);

  /** What a field holds, and so how it is checked, stored and encoded. */
  enum Kind {
    SEQ,
    TIME,
    TYPE,
    ID,
    DESIGNATION,
    SHA256,
    REASON,
    LEAF_HASH
  }

  /** The fields a pipeline step gives (an {@link EventDraft}'s text fields), in this order. */
  static final List<Field> TEXTS =
      List.of(
          LAB,
          SUBMISSION,
          ITEM,
          AGENCY,
          TRANSFER,
          DESIGNATION,
          SHA256_PLAIN,
          SHA256_CIPHER,
          KEY_FINGERPRINT,
          REASON,
          POLICY,
          ACTOR);

  /** The name in the canonical encoding, the journal, CSV headers and JSON keys. */
  final String key;

  /** The store's column. */
  final String column;

  /** The store's column type and constraints. */
  final String sqlType;

  /** The schema version that added the column (docs/audit-log.md). */
  final int since;

  /** The heading in the table format. */
  final String heading;

  final Kind kind;

  private final Function<EventDraft, String> text;

  Field(
      String key,
      String column,
      String sqlType,
      int since,
      String heading,
      Kind kind,
      Function<EventDraft, String> text) {
    this.key = key;
    this.column = column;
    this.sqlType = sqlType;
    this.since = since;
    this.heading = heading;
    this.kind = kind;
    this.text = text;
  }

  private static String id() {
    return "VARCHAR(" + Fields.MAX_ID + ")";
  }

  /** Whether a null value is left out of the canonical bytes and the journal (see above). */
  boolean omittedWhenNull() {
    return since > 1;
  }

  /** A draft's value of this field ({@link #TYPE} or one of {@link #TEXTS}), or null. */
  String text(EventDraft d) {
    if (text == null) {
      throw new IllegalStateException(this + " is not a field of a draft");
    }
    return text.apply(d);
  }

  /**
   * A value for this field of a draft, checked and normalised; messages name the field.
   *
   * @throws IllegalArgumentException naming the field and what is allowed
   */
  String check(String value) {
    return switch (kind) {
      case ID -> Fields.id(key, value);
      case DESIGNATION -> Fields.designation(value);
      case SHA256 -> Fields.sha256(key, value);
      case REASON -> Fields.reason(value);
      default -> throw new IllegalStateException(this + " is not a text field");
    };
  }

  /** The field's text as the output formats show it, or null when the event has none. */
  String of(AuditEvent e) {
    return switch (kind) {
      case SEQ -> Long.toString(e.seq());
      case TIME -> CanonicalEvent.time(e.time());
      case LEAF_HASH -> e.leafHash();
      default -> text(e.draft());
    };
  }
}
