package org.prex.review.document;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code prex-destroyed/1} (docs/formats.md, "Destruction certificate"): an agency certifies that
 * it destroyed what a notice asked: the notice's id, the transfers and every item (with its sha256)
 * destroyed, when, and the officer who did it (free text, at most {@value #MAX_OFFICER} characters,
 * no control characters). Clear-signed by the agency; {@code prex notice --destroyed-by} writes
 * one.
 */
public record Destroyed(
    String notice, List<String> transfers, List<ItemHash> items, Instant at, String officer) {
  public static final String FORMAT = "prex-destroyed/1";
  public static final int MAX_OFFICER = 200;
  private static final Set<String> FIELDS = Set.of("notice", "transfers", "items", "at", "officer");

  /**
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public Destroyed {
    Check.noticeId("notice", notice);
    transfers = Check.transfers("transfers", transfers);
    items = Check.items("items", items);
    Check.present("at", at);
    Check.text("officer", officer, MAX_OFFICER);
  }

  /**
   * Checks an officer's name as this format allows it.
   *
   * @throws IllegalArgumentException "officer: …" saying what is wrong
   */
  public static void checkOfficer(String officer) {
    Check.text("officer", officer, MAX_OFFICER);
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("notice", notice);
    m.put("transfers", transfers);
    m.put("items", Json.items(items));
    m.put("at", at.toString());
    m.put("officer", officer);
    return Json.write(m);
  }

  public static Destroyed parse(String json) throws DocumentException {
    Json.Fields f = Json.Fields.document(json, FORMAT, FIELDS);
    String notice = f.string("notice");
    List<String> transfers = f.strings("transfers");
    List<ItemHash> items = f.items("items");
    Instant at = f.instant("at");
    String officer = f.string("officer");
    return Json.build("", () -> new Destroyed(notice, transfers, items, at, officer));
  }
}
