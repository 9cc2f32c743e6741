package org.prex.submission;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps long problem lists readable and within every field cap: a manifest of thousands of bad
 * lines is answered with its first problems, then "and N more", in the receipt and in the log.
 */
public final class Problems {
  /** Problems a receipt lists in full. */
  public static final int IN_RECEIPT = 50;

  /** Line numbers a rejection reason names. */
  public static final int IN_REASON = 20;

  /** The longest reason put into the log (its cap is larger). */
  public static final int MAX_REASON = 4_000;

  private Problems() {}

  /** The first {@code first} problems, then one line "and N more problem(s)". */
  public static List<String> summarised(List<String> problems, int first) {
    if (problems.size() <= first) {
      return List.copyOf(problems);
    }
    List<String> out = new ArrayList<>(problems.subList(0, first));
    out.add("and " + (problems.size() - first) + " more problem(s)");
    return List.copyOf(out);
  }

  /** {@code items} joined with ", ", the first {@code first} of them, then "and N more". */
  public static String joined(List<String> items, int first) {
    if (items.size() <= first) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, first)) + " and " + (items.size() - first) + " more";
  }

  /** {@code reason} cut to {@link #MAX_REASON} characters, saying how much was left out. */
  public static String fitted(String reason) {
    if (reason == null || reason.length() <= MAX_REASON) {
      return reason;
    }
    int cut = MAX_REASON - 40;
    if (Character.isHighSurrogate(reason.charAt(cut - 1))) {
      cut--;
    }
    return reason.substring(0, cut) + "… (" + (reason.length() - cut) + " characters more)";
  }
}
