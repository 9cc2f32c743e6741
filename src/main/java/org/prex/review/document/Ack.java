package org.prex.review.document;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code prex-ack/1} (docs/formats.md, "Acknowledgment"): an agency confirms that it opened and
 * checked a transfer: which transfer, of which submission, by which agency, every item it opened
 * with its sha256, and when. Clear-signed by the agency ({@link SignedDocument}); {@code prex
 * receive --ack} writes one.
 */
public record Ack(
    String transfer, String submission, String agency, List<ItemHash> items, Instant at) {
  public static final String FORMAT = "prex-ack/1";
  private static final Set<String> FIELDS =
      Set.of("transfer", "submission", "agency", "items", "at");

  /**
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public Ack {
    Check.id("transfer", transfer, 't');
    Check.id("submission", submission, 's');
    Check.agency("agency", agency);
    items = Check.items("items", items);
    Check.present("at", at);
  }

  /** The document's JSON: "format" first, then the fields in the order above, pretty printed. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("transfer", transfer);
    m.put("submission", submission);
    m.put("agency", agency);
    m.put("items", Json.items(items));
    m.put("at", at.toString());
    return Json.write(m);
  }

  /** Parses an acknowledgment's JSON, refusing anything the format does not allow. */
  public static Ack parse(String json) throws DocumentException {
    Json.Fields f = Json.Fields.document(json, FORMAT, FIELDS);
    String transfer = f.string("transfer");
    String submission = f.string("submission");
    String agency = f.string("agency");
    List<ItemHash> items = f.items("items");
    Instant at = f.instant("at");
    return Json.build("", () -> new Ack(transfer, submission, agency, items, at));
  }
}
