package org.prex.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SortedMap;
import java.util.TreeMap;
import org.prex.merkle.TreeHash;

/**
 * The canonical bytes of an audit event: what its Merkle leaf hash covers. Format {@code
 * prex-event/1}, defined so that anyone can recompute it without prex:
 *
 * <ul>
 *   <li>One JSON object, UTF-8, no whitespace outside strings, no trailing newline.
 *   <li>Exactly these 14 members, always all present, in this order (which is sorted by key, so the
 *       bytes are the RFC 8785 JSON Canonicalization Scheme form of the object): {@code agency,
 *       designation, format, item, keyFingerprint, lab, reason, seq, sha256Cipher, sha256Plain,
 *       submission, time, transfer, type}.
 *   <li>{@code format} is the string {@code "prex-event/1"}; {@code seq} a JSON integer; {@code
 *       time} a string {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC with exactly three fraction digits;
 *       {@code type} the event type's name, e.g. {@code "DELIVERED"}. Every other member is a
 *       string, or {@code null} when the event has no such value. Hashes are lower-case hex.
 *   <li>Strings are escaped as RFC 8785 (ECMAScript {@code JSON.stringify}) does: {@code \"} and
 *       {@code \\}; {@code \b \t \n \f \r}; other characters below U+0020 as {@code \\u00xx} with
 *       lower-case hex; every other character as its UTF-8 bytes, unescaped.
 * </ul>
 *
 * <p>Example (one line): <code>
 * {"agency":null,"designation":null,"format":"prex-event/1","item":"itm-1","keyFingerprint":null,
 * "lab":"acme-ai","reason":null,"seq":1,"sha256Cipher":null,"sha256Plain":"9f86…",
 * "submission":"sub-1","time":"2026-11-26T20:35:00.123Z","transfer":null,"type":"STAGED"}</code>
 *
 * <p>An event that names the routing policy its decision was made under (ROUTED, POLICY_LOADED,
 * since schema 3) is {@code prex-event/2}: the same, with {@code format} {@code "prex-event/2"} and
 * a 15th member {@code policy} (the policy's SHA-256, lower-case hex) between {@code lab} and
 * {@code reason}, keeping the keys sorted. An event without one is exactly {@code prex-event/1}, so
 * logs written before the field existed verify unchanged.
 *
 * <p>An event a person did through the console (since schema 5) is {@code prex-event/3}: the same
 * again, with {@code format} {@code "prex-event/3"} and a member {@code actor} (the console
 * account) first, before {@code agency}.
 *
 * <p>The leaf hash is {@code SHA-256(0x00 ‖ bytes)} (RFC 9162 §2.1.1), see {@link TreeHash}. The
 * members are the event's {@link Field}s; docs/audit-log.md describes the encoding.
 */
public final class CanonicalEvent {
  /** The format name written into every canonical event without a policy. */
  public static final String FORMAT = "prex-event/1";

  /** The format name of an event that names a policy: {@code prex-event/1} plus {@code policy}. */
  public static final String FORMAT_2 = "prex-event/2";

  /**
   * The format name of an event a person did through the console: {@code prex-event/1} plus {@code
   * actor} (and {@code policy} when it has one).
   */
  public static final String FORMAT_3 = "prex-event/3";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * The members in the order written, sorted by key: every field but the leaf hash, and {@code
   * format} (mapped to null).
   */
  private static final SortedMap<String, Field> MEMBERS = new TreeMap<>();

  static {
    for (Field f : Field.values()) {
      if (f != Field.LEAF_HASH) {
        MEMBERS.put(f.key, f);
      }
    }
    MEMBERS.put("format", null);
  }

  private CanonicalEvent() {}

  /** The canonical bytes of a stored event (its leaf hash is not part of them). */
  public static byte[] encode(AuditEvent e) {
    return encode(e.seq(), e.time(), e.draft());
  }

  /**
   * The canonical bytes of the event the log makes of {@code draft} at {@code seq} and {@code
   * time}.
   */
  public static byte[] encode(long seq, Instant time, EventDraft d) {
    StringBuilder json = new StringBuilder(512);
    json.append('{');
    for (Field f : MEMBERS.values()) {
      if (f == null) {
        member(json, "format", format(d));
      } else if (f == Field.SEQ) {
        json.append("\"seq\":").append(seq);
      } else if (f == Field.TIME) {
        member(json, f.key, time(time));
      } else if (f.text(d) != null || !f.omittedWhenNull()) {
        member(json, f.key, f.text(d));
      } else {
        continue;
      }
      json.append(',');
    }
    json.setCharAt(json.length() - 1, '}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The format name of a draft's canonical form: by the later fields it carries. */
  static String format(EventDraft d) {
    if (d.actor() != null) {
      return FORMAT_3;
    }
    return d.policy() == null ? FORMAT : FORMAT_2;
  }

  /** The time as the canonical form writes it, e.g. {@code 2026-11-26T20:35:00.120Z}. */
  public static String time(Instant time) {
    return TIME.format(time);
  }

  private static void member(StringBuilder json, String key, String value) {
    json.append('"').append(key).append("\":");
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\t' -> json.append("\\t");
        case '\n' -> json.append("\\n");
        case '\f' -> json.append("\\f");
        case '\r' -> json.append("\\r");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
