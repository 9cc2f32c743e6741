package org.prex.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.prex.item.Item;

/**
 * A submission on its way through the pipeline: what was staged, and its items as each step decided
 * them. Handled whole: every item is designated before any is routed, so that a spill in one item
 * holds them all.
 */
public record Submission(StagedSubmission staged, List<Item> items) {

  public Submission {
    items = List.copyOf(items);
  }

  public static Submission of(StagedSubmission staged) {
    return new Submission(staged, staged.items().stream().map(Item::of).toList());
  }

  public String id() {
    return staged.submissionId();
  }

  public String lab() {
    return staged.lab();
  }

  /** The same submission with every item passed through {@code step}. */
  public Submission map(UnaryOperator<Item> step) {
    List<Item> out = new ArrayList<>();
    for (Item i : items) {
      out.add(step.apply(i));
    }
    return new Submission(staged, out);
  }

  /** Each agency's items, agencies in policy order: its transfer holds exactly these. */
  public Map<String, List<Item>> byAgency() {
    Map<String, List<Item>> out = new TreeMap<>();
    for (Item item : deliverable()) {
      for (String agency : item.agencies()) {
        out.computeIfAbsent(agency, a -> new ArrayList<>()).add(item);
      }
    }
    return out;
  }

  /** Items not held for quarantine: those that go on to agencies. */
  public List<Item> deliverable() {
    return items.stream().filter(i -> !i.isHeld()).toList();
  }
}
