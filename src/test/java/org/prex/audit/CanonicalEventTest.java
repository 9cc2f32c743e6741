package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.merkle.TreeHash;

class CanonicalEventTest {
  /** A fixed event with every kind of character the escaping rules treat differently. */
  static final EventDraft GOLDEN_DRAFT =
      EventDraft.of(EventType.DELIVERED)
          .lab("acme-ai")
          .submission("sub-7f3a")
          .item("itm-01")
          .agency("caisi")
          .transfer("trf-9c2e")
          .designation("CUI//SP-PROPIN//DL ONLY")
          .sha256Plain("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")
          .keyFingerprint("0123456789ABCDEF0123456789ABCDEF01234567")
          .reason("line1\n\"q\" \\ tab\t ctl\u0001 é✓😀");

  static final String GOLDEN_JSON =
      "{\"agency\":\"caisi\",\"designation\":\"CUI//SP-PROPIN//DL ONLY\","
          + "\"format\":\"prex-event/1\",\"item\":\"itm-01\","
          + "\"keyFingerprint\":\"0123456789ABCDEF0123456789ABCDEF01234567\",\"lab\":\"acme-ai\","
          + "\"reason\":\"line1\\n\\\"q\\\" \\\\ tab\\t ctl\\u0001 é✓😀\",\"seq\":42,"
          + "\"sha256Cipher\":null,"
          + "\"sha256Plain\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
          + "\"submission\":\"sub-7f3a\",\"time\":\"2026-11-26T20:35:00.120Z\","
          + "\"transfer\":\"trf-9c2e\",\"type\":\"DELIVERED\"}";

  /** SHA-256(0x00 ‖ GOLDEN_JSON as UTF-8), computed outside Java (Python hashlib). */
  static final String GOLDEN_LEAF =
      "1edb9795c12479ab67198742f88aeb70e131fb9fda8a845b64535717c75f2f77";

  static final Instant GOLDEN_TIME = Instant.parse("2026-11-26T20:35:00.120Z");

  @TempDir Path data;

  @Test
  void fixedEvent_hasTheDocumentedBytes_andLeafHash() {
    byte[] bytes = CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT);
    assertEquals(GOLDEN_JSON, new String(bytes, StandardCharsets.UTF_8));
    assertEquals(436, bytes.length);
    assertEquals(GOLDEN_LEAF, HexFormat.of().formatHex(TreeHash.leaf(bytes)));
  }

  @Test
  void storedEvent_leafHash_isSha256OfZeroByteAndCanonicalBytes_recomputedIndependently() {
    try (AuditLog log = AuditLog.open(data)) {
      AuditEvent appended = log.append(GOLDEN_DRAFT.reason("plain reason, no escapes"));
      AuditEvent stored = log.list(AuditQuery.all()).get(0);
      assertEquals(leafHashOf(stored), stored.leafHash());
      assertEquals(appended.leafHash(), stored.leafHash());
    }
  }

  @Test
  void wholeTimesKeepThreeFractionDigits() {
    Instant whole = Instant.parse("2026-01-02T03:04:05Z");
    String json =
        new String(
            CanonicalEvent.encode(1, whole, EventDraft.of(EventType.PURGED)),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"agency\":null,\"designation\":null,\"format\":\"prex-event/1\",\"item\":null,"
            + "\"keyFingerprint\":null,\"lab\":null,\"reason\":null,\"seq\":1,"
            + "\"sha256Cipher\":null,\"sha256Plain\":null,\"submission\":null,"
            + "\"time\":\"2026-01-02T03:04:05.000Z\",\"transfer\":null,\"type\":\"PURGED\"}",
        json);
  }

  @Test
  void anEventNamingAPolicy_isPrexEvent2_withThePolicyInKeyOrder() {
    Instant whole = Instant.parse("2026-01-02T03:04:05Z");
    String policy = "0123456789abcdef".repeat(4);
    String json =
        new String(
            CanonicalEvent.encode(
                1, whole, EventDraft.of(EventType.POLICY_LOADED).policy(policy.toUpperCase())),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"agency\":null,\"designation\":null,\"format\":\"prex-event/2\",\"item\":null,"
            + "\"keyFingerprint\":null,\"lab\":null,\"policy\":\""
            + policy
            + "\",\"reason\":null,\"seq\":1,"
            + "\"sha256Cipher\":null,\"sha256Plain\":null,\"submission\":null,"
            + "\"time\":\"2026-01-02T03:04:05.000Z\",\"transfer\":null,\"type\":\"POLICY_LOADED\"}",
        json);
  }

  @Test
  void anEventAPersonDid_isPrexEvent3_withTheActorFirst() {
    Instant whole = Instant.parse("2026-01-02T03:04:05Z");
    String json =
        new String(
            CanonicalEvent.encode(
                1, whole, EventDraft.of(EventType.CONSOLE_LOGIN).actor("rita").reason("password")),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"actor\":\"rita\",\"agency\":null,\"designation\":null,\"format\":\"prex-event/3\","
            + "\"item\":null,\"keyFingerprint\":null,\"lab\":null,\"reason\":\"password\",\"seq\":1,"
            + "\"sha256Cipher\":null,\"sha256Plain\":null,\"submission\":null,"
            + "\"time\":\"2026-01-02T03:04:05.000Z\",\"transfer\":null,\"type\":\"CONSOLE_LOGIN\"}",
        json);
  }

  @Test
  void changingAnyField_changesTheLeaf() {
    String base = hex(CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT));
    assertNotEquals(base, hex(CanonicalEvent.encode(43, GOLDEN_TIME, GOLDEN_DRAFT)));
    assertNotEquals(base, hex(CanonicalEvent.encode(42, GOLDEN_TIME.plusMillis(1), GOLDEN_DRAFT)));
    assertNotEquals(base, hex(CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT.agency("nsa"))));
    assertNotEquals(
        base,
        hex(CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT.sha256Cipher("0".repeat(64)))));
    String withPolicy =
        hex(CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT.policy("0".repeat(64))));
    assertNotEquals(base, withPolicy);
    assertNotEquals(
        withPolicy,
        hex(CanonicalEvent.encode(42, GOLDEN_TIME, GOLDEN_DRAFT.policy("1".repeat(64)))));
  }

  /**
   * The leaf hash of {@code e} computed without {@link CanonicalEvent}: Jackson writes the members
   * sorted and compact, which for text without control characters other than line feeds is the same
   * JCS form.
   */
  static String leafHashOf(AuditEvent e) {
    TreeMap<String, Object> members = new TreeMap<>();
    members.put(
        "format",
        e.actor() != null ? "prex-event/3" : e.policy() == null ? "prex-event/1" : "prex-event/2");
    if (e.policy() != null) {
      members.put("policy", e.policy());
    }
    if (e.actor() != null) {
      members.put("actor", e.actor());
    }
    members.put("seq", e.seq());
    members.put(
        "time",
        DateTimeFormatter.ISO_INSTANT.format(e.time()).replaceFirst("(:\\d\\d)Z$", "$1.000Z"));
    members.put("type", e.type().name());
    members.put("lab", e.lab());
    members.put("submission", e.submission());
    members.put("item", e.item());
    members.put("agency", e.agency());
    members.put("transfer", e.transfer());
    members.put("designation", e.designation());
    members.put("sha256Plain", e.sha256Plain());
    members.put("sha256Cipher", e.sha256Cipher());
    members.put("keyFingerprint", e.keyFingerprint());
    members.put("reason", e.reason());
    try {
      byte[] json =
          new ObjectMapper()
              .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
              .writeValueAsBytes(members);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(json));
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  private static String hex(byte[] canonical) {
    return HexFormat.of().formatHex(TreeHash.leaf(canonical));
  }
}
