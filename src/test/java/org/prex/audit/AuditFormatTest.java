package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.text.Escapes;

class AuditFormatTest {
  static final String NASTY = "a, \"quoted\" reason\nover two lines";

  @TempDir Path data;
  List<AuditEvent> events;

  @BeforeEach
  void logSomeEvents() {
    try (AuditLog log = AuditLog.open(data)) {
      log.append(
          EventDraft.of(EventType.STAGED)
              .lab("acme-ai")
              .submission("sub-1")
              .item("itm-1")
              .sha256Plain("1".repeat(64))
              .reason(NASTY));
      log.append(
          AuditFixtures.everyField().sha256Plain("1".repeat(64)).sha256Cipher("2".repeat(64)));
      log.append(
          EventDraft.of(EventType.REJECTED).lab("acme-ai").reason("bell\u0007 esc\u001b[31m red"));
      log.append(
          EventDraft.of(EventType.RECEIVED)
              .lab("acme-ai")
              .reason("model-\u202ecod.exe del\u007f c1\u009b zw\u200b"));
      events = log.list(AuditQuery.all());
    }
  }

  @Test
  void csv_parsesBackWithEveryField_includingCommasQuotesAndNewlines() throws Exception {
    String csv = render("csv");
    assertTrue(
        csv.startsWith(
            "seq,time,type,lab,submission,item,agency,transfer,designation,"
                + "sha256Plain,sha256Cipher,keyFingerprint,reason,policy,actor,leafHash\r\n"),
        csv);
    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();
    assertEquals(events.size(), records.size());
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      CSVRecord r = records.get(i);
      assertEquals(Long.toString(e.seq()), r.get("seq"));
      assertEquals(e.time(), Instant.parse(r.get("time")));
      assertEquals(e.type().name(), r.get("type"));
      assertEquals(orEmpty(e.agency()), r.get("agency"));
      assertEquals(orEmpty(e.sha256Plain()), r.get("sha256Plain"));
      assertEquals(orEmpty(e.sha256Cipher()), r.get("sha256Cipher"));
      assertEquals(Escapes.controls(orEmpty(e.reason())), r.get("reason"));
      assertEquals(e.leafHash(), r.get("leafHash"));
    }
    assertEquals("a, \"quoted\" reason\\nover two lines", records.get(0).get("reason"));
    assertEquals("bell\\u0007 esc\\u001b[31m red", records.get(2).get("reason"));
  }

  @Test
  void json_isAnArrayOfObjects_withIsoTimesAndNulls() throws Exception {
    JsonNode root = new ObjectMapper().readTree(render("json"));
    assertTrue(root.isArray());
    assertEquals(events.size(), root.size());
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      JsonNode n = root.get(i);
      assertEquals(e.seq(), n.get("seq").asLong());
      assertEquals(e.time(), Instant.parse(n.get("time").asText()));
      assertEquals(e.type().name(), n.get("type").asText());
      assertEquals(
          e.sha256Plain(), n.get("sha256Plain").isNull() ? null : n.get("sha256Plain").asText());
      assertEquals(e.reason(), n.get("reason").isNull() ? null : n.get("reason").asText());
      assertEquals(e.leafHash(), n.get("leafHash").asText());
      assertTrue(n.has("keyFingerprint"), "every field, null where null");
    }
    assertEquals("2".repeat(64), root.get(1).get("sha256Cipher").asText());
  }

  @Test
  void everyFormat_escapesControlAndBidiCharacters_jsonLosslessly() throws Exception {
    for (String format : List.of("table", "csv", "json")) {
      String out = render(format);
      for (int cp : new int[] {0x07, 0x1b, 0x7f, 0x9b, 0x202e, 0x200b}) {
        assertTrue(out.indexOf(cp) < 0, format + " holds raw U+" + Integer.toHexString(cp));
      }
      assertTrue(out.contains("\\u202e"), format + ": " + out);
    }
    JsonNode root = new ObjectMapper().readTree(render("json"));
    assertEquals(
        "model-\u202ecod.exe del\u007f c1\u009b zw\u200b", root.get(3).get("reason").asText());
    assertEquals(NASTY, root.get(0).get("reason").asText());
  }

  @Test
  void json_ofNoEvents_isAnEmptyArray() throws Exception {
    StringWriter out = new StringWriter();
    AuditFormat.write(List.of(), "json", new PrintWriter(out));
    assertEquals(0, new ObjectMapper().readTree(out.toString()).size());
  }

  @Test
  void table_alignsColumns_showsEmptyForNull_andEscapesControlCharacters() {
    String table = render("table");
    List<String> lines = table.lines().toList();
    assertEquals(1 + events.size(), lines.size(), "one line per event: " + table);
    String header = lines.get(0);
    assertTrue(
        header.matches(
            "SEQ +TIME +TYPE +LAB +SUBMISSION +ITEM +AGENCY +TRANSFER"
                + " +DESIGNATION +SHA256 +POLICY +ACTOR +REASON"),
        header);
    int sha = header.indexOf("SHA256");
    int type = header.indexOf("TYPE");
    assertEquals(sha, lines.get(1).indexOf("1".repeat(64)), "sha256 column aligned");
    assertEquals(sha, lines.get(2).indexOf("1".repeat(64)), "sha256 column aligned");
    assertEquals(type, lines.get(3).indexOf("REJECTED"));
    assertTrue(lines.get(1).contains("a, \"quoted\" reason\\nover two lines"), lines.get(1));
    assertTrue(lines.get(3).contains("bell\\u0007 esc\\u001b[31m red"), lines.get(3));
    assertFalse(table.contains("\u001b"), "no raw escape reaches the terminal");
    assertTrue(
        lines.get(3).substring(lines.get(0).indexOf("AGENCY")).startsWith(" "),
        "null agency is blank");
  }

  @Test
  void unknownFormat_isRefusedNamingItAndTheAllowedOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AuditFormat.write(events, "xml", new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("'xml'"), e.getMessage());
    assertTrue(e.getMessage().contains("table, csv, json"), e.getMessage());
  }

  private String render(String format) {
    StringWriter out = new StringWriter();
    AuditFormat.write(events, format, new PrintWriter(out));
    return out.toString();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
