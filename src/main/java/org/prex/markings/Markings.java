package org.prex.markings;

import java.util.List;
import org.prex.designate.Designation;

/**
 * What an item's text says about itself (docs/designation.md).
 *
 * @param cui CUI designations found in banner lines and portion markings, and legacy markings
 *     mapped by the policy
 * @param classified classified markings found (a spill): the marking text, e.g. {@code
 *     SECRET//NOFORN}
 * @param unparsable markings that look like CUI but do not parse, with the parse error
 */
public record Markings(List<Designation> cui, List<String> classified, List<String> unparsable) {

  public static final Markings NONE = new Markings(List.of(), List.of(), List.of());

  public Markings {
    cui = List.copyOf(cui);
    classified = List.copyOf(classified);
    unparsable = List.copyOf(unparsable);
  }

  /** The join of every CUI marking found, or PUBLIC when none. */
  public Designation joined() {
    Designation d = Designation.PUBLIC;
    for (Designation c : cui) {
      d = d.join(c);
    }
    return d;
  }
}
