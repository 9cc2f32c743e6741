package org.prex.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hold's reason is the text receipts, quarantine notes and events have always carried. */
class HoldTest {

  @Test
  void reasonsReadAsBefore() {
    assertEquals("spill: classified marking SECRET in its content", Hold.spill("SECRET").reason());
    assertEquals(
        "spill: classified marking SECRET in entry 'a.zip!/b'",
        Hold.spill("SECRET in entry 'a.zip!/b'").reason());
    assertEquals("not inspected completely: timed out", Hold.notInspected("timed out").reason());
    assertEquals(
        "a marking in its content does not parse: CUI//XX",
        Hold.unparsableMarking("CUI//XX").reason());
    assertEquals(
        "present in the submission folder but not listed in submission.yaml",
        Hold.unlisted().reason());
    assertEquals(
        "no agency may receive CUI//SP-PRVCY (a: no; b: no)",
        Hold.unroutable("CUI//SP-PRVCY", List.of("a: no", "b: no")).reason());
    assertEquals(
        "the text of an image could not be read (OCR is off; policy images: hold): x.png",
        Hold.unreadImage("x.png").reason());
  }

  @Test
  void onlyASpillIsASpill() {
    assertTrue(Hold.spill("TOP SECRET").isSpill());
    for (Hold h :
        List.of(
            Hold.notInspected("x"),
            Hold.unlisted(),
            Hold.failed("spill: not really"),
            Hold.givenUp("x"))) {
      assertFalse(h.isSpill(), h.kind().name());
    }
  }

  @Test
  void stagedItemOnDiskHasNoTypedExtras() throws Exception {
    StagedItem item =
        new StagedItem(
            Ids.item(),
            Ids.submission(),
            "lab",
            "a.txt",
            1,
            "00",
            "2026-01-02T03:04:05Z",
            "k",
            "CUI",
            3,
            true);
    String json = new ObjectMapper().writeValueAsString(item);
    assertFalse(json.contains("received\""), json);
    assertFalse(json.contains("declaredDesignation"), json);
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), item.received());
    assertEquals("CUI", item.declaredDesignation().orElseThrow().toString());
  }
}
