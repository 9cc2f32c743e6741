package org.prex.item;

import java.util.List;
import java.util.Objects;
import org.prex.classify.Classification;
import org.prex.designate.Designation;

/**
 * An item on its way through the pipeline; each step returns a new one with what it decided.
 *
 * @param agencies the agencies that may receive it, in policy order (empty until routed)
 * @param held why it must reach no agency and goes to quarantine instead, or null
 */
public record Item(
    StagedItem staged,
    Classification classification,
    Designation designation,
    List<String> agencies,
    Hold held) {

  public Item {
    agencies = agencies == null ? List.of() : List.copyOf(agencies);
  }

  public static Item of(StagedItem staged) {
    return new Item(staged, null, null, List.of(), null);
  }

  public Item withClassification(Classification c) {
    return new Item(staged, c, designation, agencies, held);
  }

  public Item withDesignation(Designation d) {
    return new Item(staged, classification, d, agencies, held);
  }

  public Item withAgencies(List<String> a) {
    return new Item(staged, classification, designation, a, held);
  }

  /** Marks it for quarantine: it will be sealed to the security officer, never delivered. */
  public Item hold(Hold why) {
    return new Item(
        staged, classification, designation, List.of(), Objects.requireNonNull(why, "hold"));
  }

  public boolean isHeld() {
    return held != null;
  }

  public String id() {
    return staged.itemId();
  }
}
