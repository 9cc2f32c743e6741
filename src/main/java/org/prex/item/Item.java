package org.prex.item;

import java.util.List;
import org.prex.classify.Classification;
import org.prex.designate.Designation;

/**
 * An item on its way through the pipeline; each step returns a new one with what it decided.
 *
 * @param agencies the agencies that may receive it, in policy order (empty until routed)
 */
public record Item(
    StagedItem staged,
    Classification classification,
    Designation designation,
    List<String> agencies) {

  public Item {
    agencies = agencies == null ? List.of() : List.copyOf(agencies);
  }

  public static Item of(StagedItem staged) {
    return new Item(staged, null, null, List.of());
  }

  public Item withClassification(Classification c) {
    return new Item(staged, c, designation, agencies);
  }

  public Item withDesignation(Designation d) {
    return new Item(staged, classification, d, agencies);
  }

  public Item withAgencies(List<String> a) {
    return new Item(staged, classification, designation, a);
  }

  public String id() {
    return staged.itemId();
  }
}
