package org.prex.audit;

import java.util.function.Function;

/** The fields of an event as the output formats name and show them, in output order. */
enum Column {
  SEQ("seq", "SEQ", e -> Long.toString(e.seq())),
  TIME("time", "TIME", e -> CanonicalEvent.time(e.time())),
  TYPE("type", "TYPE", e -> e.type().name()),
  LAB("lab", "LAB", AuditEvent::lab),
  SUBMISSION("submission", "SUBMISSION", AuditEvent::submission),
  ITEM("item", "ITEM", AuditEvent::item),
  AGENCY("agency", "AGENCY", AuditEvent::agency),
  TRANSFER("transfer", "TRANSFER", AuditEvent::transfer),
  DESIGNATION("designation", "DESIGNATION", AuditEvent::designation),
  SHA256_PLAIN("sha256Plain", "SHA256", AuditEvent::sha256Plain),
  SHA256_CIPHER("sha256Cipher", "SHA256-CIPHER", AuditEvent::sha256Cipher),
  KEY_FINGERPRINT("keyFingerprint", "KEY", AuditEvent::keyFingerprint),
  REASON("reason", "REASON", AuditEvent::reason),
  POLICY("policy", "POLICY", AuditEvent::policy),
  LEAF_HASH("leafHash", "LEAF-HASH", AuditEvent::leafHash);

  /** The name in CSV headers and JSON keys. */
  final String key;

  /** The heading in the table. */
  final String heading;

  private final Function<AuditEvent, String> value;

  Column(String key, String heading, Function<AuditEvent, String> value) {
    this.key = key;
    this.heading = heading;
    this.value = value;
  }

  /** The field's text, or null when the event has none. */
  String of(AuditEvent e) {
    return value.apply(e);
  }
}
