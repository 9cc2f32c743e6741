package org.prex.inspect;

import java.util.List;

/**
 * What inspecting one item found (docs/inspection.md). Travels as one JSON line from the inspection
 * process to prex; holds marking texts and part names (entry names), never content.
 *
 * @param incomplete null when every text-bearing part was inspected; else why not, naming the part
 *     (e.g. "encrypted or password-protected: entry 'a.zip!/b.pdf'"): the item is held
 * @param cui every CUI designation found (banner, portion, legacy), as text
 * @param classified classified markings found, each with the part it was found in: a spill
 * @param unparsable CUI-like markings that do not parse, with the parse error
 * @param notes what a records officer should know: images read by OCR, a model format claimed but
 *     not parsed
 * @param unreadImages raster images whose text could not be read (no OCR): the policy's {@code
 *     images} rule decides
 */
public record Verdict(
    String incomplete,
    List<String> cui,
    List<String> classified,
    List<String> unparsable,
    List<String> notes,
    List<String> unreadImages) {

  public Verdict {
    cui = List.copyOf(cui);
    classified = List.copyOf(classified);
    unparsable = List.copyOf(unparsable);
    notes = List.copyOf(notes);
    unreadImages = List.copyOf(unreadImages);
  }

  /** A verdict for an item that could not be inspected at all. */
  public static Verdict notInspected(String why) {
    return new Verdict(why, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  public boolean complete() {
    return incomplete == null;
  }
}
