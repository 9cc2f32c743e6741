package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EventDraftTest {
  @Test
  void fluentSetters_returnNewDrafts_andLeaveTheOriginal() {
    EventDraft empty = EventDraft.of(EventType.ROUTED);
    EventDraft routed = empty.lab("acme-ai").agency("caisi").designation("CUI");
    assertNull(empty.lab());
    assertEquals("acme-ai", routed.lab());
    assertEquals("caisi", routed.agency());
    assertEquals("CUI", routed.designation());
    assertEquals(EventType.ROUTED, routed.type());
  }

  @Test
  void sha256_isKeptInLowerCase() {
    assertEquals(
        "ab".repeat(32),
        EventDraft.of(EventType.STAGED).sha256Plain("AB".repeat(32)).sha256Plain());
  }

  @Test
  void badSha256_isRefusedNamingTheField() {
    IllegalArgumentException e = refused(() -> EventDraft.of(EventType.SEALED).sha256Cipher("abc"));
    assertTrue(e.getMessage().contains("sha256Cipher"), e.getMessage());
  }

  @Test
  void controlCharacterInAnIdentifier_isRefused_butReasonMayHaveLineBreaks() {
    IllegalArgumentException e = refused(() -> EventDraft.of(EventType.STAGED).item("a\u001b[2J"));
    assertTrue(e.getMessage().contains("item"), e.getMessage());
    assertTrue(e.getMessage().contains("\\u001b"), "escaped in the message: " + e.getMessage());
    assertEquals("two\nlines", EventDraft.of(EventType.REJECTED).reason("two\nlines").reason());
  }

  @Test
  void blankOrOverlongOrBrokenText_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventDraft.of(EventType.STAGED).lab(" "));
    assertThrows(
        IllegalArgumentException.class, () -> EventDraft.of(EventType.STAGED).lab("x".repeat(201)));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventDraft.of(EventType.STAGED).reason("x".repeat(10_001)));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventDraft.of(EventType.STAGED).reason("half \ud83d"));
    assertThrows(NullPointerException.class, () -> EventDraft.of(null));
  }

  @Test
  void auditEvent_refusesWhatTheLogNeverWrites() {
    Instant t = Instant.parse("2026-01-01T00:00:00.001Z");
    String leaf = "0".repeat(64);
    EventDraft d = EventDraft.of(EventType.STAGED);
    assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(0, t, d, leaf));
    assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(1, t.plusNanos(1), d, leaf));
    assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(1, t, d, "0".repeat(63)));
    assertEquals(d, AuditEvent.of(1, t, d, leaf).draft());
  }

  @Test
  void blankQueryFilter_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AuditQuery("", null, null, null));
  }

  private static IllegalArgumentException refused(Executable draft) {
    return assertThrows(IllegalArgumentException.class, draft);
  }
}
