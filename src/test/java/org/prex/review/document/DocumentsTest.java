package org.prex.review.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.item.Ids;

/** The three review formats: each round-trips, and each kind of malformed document is refused. */
class DocumentsTest {
  static final String T = Ids.transfer();
  static final String S = Ids.submission();
  static final String I1 = Ids.item();
  static final String I2 = Ids.item();
  static final String H1 = "a".repeat(64);
  static final String H2 = "0123456789abcdef".repeat(4);
  static final Instant AT = Instant.parse("2026-05-01T12:00:00Z");

  static Ack ack() {
    return new Ack(T, S, "caisi", List.of(new ItemHash(I1, H1), new ItemHash(I2, H2)), AT);
  }

  static Notice withdrawal(String id) {
    return new Notice(
        id,
        "withdrawal",
        S,
        List.of(T),
        List.of(new ItemHash(I1, H1)),
        "destroy",
        AT.plusSeconds(86400 * 14),
        "The lab withdrew the submission.",
        AT,
        "prex checkpoint\nsize 3\n");
  }

  static Destroyed destroyed(String notice) {
    return new Destroyed(notice, List.of(T), List.of(new ItemHash(I1, H1)), AT, "Dana Officer");
  }

  static String refusal(String json) {
    return assertThrows(DocumentException.class, () -> Ack.parse(json)).getMessage();
  }

  @Test
  void ack_roundTrips_formatFirst_stableOrder() throws Exception {
    String json = ack().toJson();
    assertEquals(ack(), Ack.parse(json));
    assertTrue(json.startsWith("{\n  \"format\" : \"prex-ack/1\",\n  \"transfer\""), json);
    assertEquals(json, Ack.parse(json).toJson());
    for (String line : json.split("\n")) {
      assertEquals(line.stripTrailing(), line, "no trailing whitespace (unsigned by a clear sig)");
    }
  }

  @Test
  void notice_roundTrips_withAndWithoutDeadline() throws Exception {
    Notice n = withdrawal(Notice.newId());
    assertEquals(n, Notice.parse(n.toJson()));
    Notice release =
        new Notice(
            Notice.newId(),
            "release",
            S,
            List.of(T),
            List.of(new ItemHash(I1, H1)),
            "none",
            null,
            "Released today.",
            AT,
            null);
    assertEquals(release, Notice.parse(release.toJson()));
    assertTrue(release.toJson().contains("\"deadline\" : null"), release.toJson());
    Notice refused =
        new Notice(
            Notice.newId(),
            "refused",
            null,
            List.of(),
            List.of(),
            "none",
            null,
            "bad ack",
            AT,
            null);
    assertEquals(refused, Notice.parse(refused.toJson()));
  }

  @Test
  void destroyed_roundTrips() throws Exception {
    Destroyed d = destroyed(Notice.newId());
    assertEquals(d, Destroyed.parse(d.toJson()));
  }

  @Test
  void ack_parsesHandWrittenJson_inAnyKeyOrder_withOffsetTime() throws Exception {
    String json =
        "{\"at\":\"2026-05-01T14:00:00+02:00\",\"items\":[{\"sha256\":\""
            + H1
            + "\",\"item\":\""
            + I1
            + "\"}],\"agency\":\"caisi\",\"submission\":\""
            + S
            + "\",\"transfer\":\""
            + T
            + "\",\"format\":\"prex-ack/1\"}";
    Ack a = Ack.parse(json);
    assertEquals(AT, a.at());
    assertEquals(List.of(new ItemHash(I1, H1)), a.items());
  }

  @Test
  void unknownField_isRefused() {
    String json = ack().toJson().replace("\"at\"", "\"extra\" : 1,\n  \"at\"");
    assertTrue(refusal(json).contains("'extra': unknown field"), refusal(json));
    String inItem = ack().toJson().replaceFirst("\"sha256\"", "\"size\" : 3, \"sha256\"");
    assertTrue(refusal(inItem).contains("items[0].'size': unknown field"), refusal(inItem));
  }

  @Test
  void missingField_isRefused_naming_it() {
    String json = ack().toJson().replaceFirst("\"submission\" : \"[^\"]+\",", "");
    assertEquals("submission: missing", refusal(json));
  }

  @Test
  void wrongFormat_isRefused() throws Exception {
    assertTrue(refusal(ack().toJson().replace("prex-ack/1", "prex-ack/2")).startsWith("format:"));
    String notice = withdrawal(Notice.newId()).toJson();
    assertThrows(DocumentException.class, () -> Ack.parse(notice));
    assertThrows(DocumentException.class, () -> Destroyed.parse(notice));
  }

  @Test
  void badIds_areRefused() {
    assertTrue(refusal(ack().toJson().replace(T, "t-../../etc")).startsWith("transfer:"));
    assertTrue(refusal(ack().toJson().replace(T, S)).startsWith("transfer:"), "kind matters");
    assertTrue(refusal(ack().toJson().replace(I1, "i-short")).startsWith("items[0].item:"));
    assertTrue(refusal(ack().toJson().replace("caisi", "CAISI")).startsWith("agency:"));
    String n = destroyed(Notice.newId()).toJson().replaceFirst("\"n-", "\"x-");
    assertTrue(
        assertThrows(DocumentException.class, () -> Destroyed.parse(n))
            .getMessage()
            .startsWith("notice:"));
  }

  @Test
  void badSha256_isRefused() {
    assertTrue(refusal(ack().toJson().replace(H1, "A".repeat(64))).startsWith("items[0].sha256:"));
    assertTrue(refusal(ack().toJson().replace(H1, "a".repeat(63))).startsWith("items[0].sha256:"));
  }

  @Test
  void badTime_isRefused() {
    String m = refusal(ack().toJson().replace(AT.toString(), "2026-05-01 12:00"));
    assertTrue(m.startsWith("at:") && m.contains("ISO-8601"), m);
    assertTrue(refusal(ack().toJson().replace("\"" + AT + "\"", "1777636800")).startsWith("at:"));
  }

  @Test
  void emptyOrDuplicateItems_areRefused() {
    String json = ack().toJson();
    String empty =
        json.substring(0, json.indexOf("\"items\""))
            + "\"items\" : [ ],\n  \"at\" : \""
            + AT
            + "\"\n}";
    assertTrue(refusal(empty).startsWith("items: empty"), refusal(empty));
    String twice = json.replace(I2, I1);
    assertTrue(refusal(twice).contains("listed twice"), refusal(twice));
  }

  @Test
  void duplicateKeys_notAnObject_trailingContent_areRefused() {
    String dup =
        ack()
            .toJson()
            .replace("\"agency\" : \"caisi\"", "\"agency\" : \"caisi\", \"agency\" : \"nsa\"");
    assertTrue(refusal(dup).contains("a key appears twice"), refusal(dup));
    assertEquals("document: not a JSON object", refusal("[1]"));
    assertTrue(refusal(ack().toJson() + "{}").contains("not valid JSON"));
    assertTrue(refusal("{\"format\": ").contains("not valid JSON"));
  }

  @Test
  void tooLarge_isRefused() {
    String json =
        ack().toJson().replace("\"at\"", "\"pad\" : \"" + "x".repeat(1 << 20) + "\",\"at\"");
    assertTrue(refusal(json).contains("larger than"), refusal(json));
  }

  @Test
  void officer_withControlCharacters_orTooLong_isRefused() {
    String n = Notice.newId();
    for (String bad : List.of("Dana\nOfficer", "Dana\u202eOfficer", "x".repeat(201), " ")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new Destroyed(n, List.of(T), List.of(new ItemHash(I1, H1)), AT, bad));
      String json = destroyed(n).toJson().replace("Dana Officer", escape(bad));
      String m = assertThrows(DocumentException.class, () -> Destroyed.parse(json)).getMessage();
      assertTrue(m.startsWith("officer:"), m);
      assertFalse(m.contains("\n") || m.contains("\u202e"), "escaped: " + m);
    }
  }

  @Test
  void notice_destroyNeedsDeadline_noneHasNone_typeKnown() {
    String json = withdrawal(Notice.newId()).toJson();
    String noDeadline = json.replaceFirst("\"deadline\" : \"[^\"]+\"", "\"deadline\" : null");
    assertTrue(message(noDeadline).startsWith("deadline: missing"), message(noDeadline));
    String unknownType = json.replace("\"withdrawal\"", "\"recall\"");
    assertTrue(message(unknownType).startsWith("type:"), message(unknownType));
    String noItems = json.replaceFirst("\"items\" : \\[[^\\]]*\\]", "\"items\" : [ ]");
    assertTrue(message(noItems).startsWith("items: empty"), message(noItems));
  }

  @Test
  void messages_quoteOnlyAShortEscapedPiece() {
    String huge = "t-" + "\u0007".repeat(5000);
    String m = refusal(ack().toJson().replace(T, huge.replace("\u0007", "\\u0007")));
    assertTrue(m.length() < 200, m);
    assertFalse(m.contains("\u0007"), m);
  }

  static String message(String noticeJson) {
    return assertThrows(DocumentException.class, () -> Notice.parse(noticeJson)).getMessage();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            c ->
                b.append(
                    c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return b.toString();
  }
}
