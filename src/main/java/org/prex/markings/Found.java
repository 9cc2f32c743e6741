package org.prex.markings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.prex.designate.Designation;

/**
 * The markings found so far in one item, across all its parts (entries of an archive, embedded
 * documents, metadata fields); one per item being inspected. Thread-safe: the strings scan of a
 * large part reports from two threads.
 */
public final class Found {
  private static final int MAX_PART = 120;
  private final Set<Designation> cui = new LinkedHashSet<>();
  private final Map<String, String> classified = new LinkedHashMap<>();
  private final Map<String, String> unparsable = new LinkedHashMap<>();

  synchronized void cui(Designation d) {
    cui.add(d);
  }

  synchronized void classified(String marking, String part) {
    classified.putIfAbsent(marking, part);
  }

  synchronized void unparsable(String problem, String part) {
    unparsable.putIfAbsent(problem, part);
  }

  public synchronized boolean hasClassified() {
    return !classified.isEmpty();
  }

  /** What was found, each classified or unparsable marking with the part it was found in. */
  public synchronized Markings markings() {
    return new Markings(new ArrayList<>(cui), located(classified), located(unparsable));
  }

  private static List<String> located(Map<String, String> found) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : found.entrySet()) {
      String where = e.getValue() == null ? null : shortPart(e.getValue());
      out.add(where == null || where.equals(ITEM) ? e.getKey() : e.getKey() + " in " + where);
    }
    return out;
  }

  /** How the inspector names the item itself; its entries are "the item!/name". */
  public static final String ITEM = "the item";

  /**
   * A part as a reader should see it, safe for a log line: "the item", or "entry 'a.zip!/b.pdf'"
   * (no control characters, bounded).
   */
  public static String shortPart(String part) {
    if (part.equals(ITEM)) {
      return ITEM;
    }
    if (part.startsWith(ITEM + " (")) {
      return part;
    }
    if (part.startsWith(ITEM + "!/")) {
      part = part.substring(ITEM.length() + 2);
    }
    StringBuilder b = new StringBuilder("entry '");
    part.codePoints()
        .limit(MAX_PART)
        .forEach(
            cp -> {
              int t = Character.getType(cp);
              if (Character.isISOControl(cp)
                  || t == Character.FORMAT
                  || t == Character.UNASSIGNED) {
                b.append(String.format("\\u%04x", cp));
              } else if (cp == '\'' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
              } else {
                b.appendCodePoint(cp);
              }
            });
    if (part.codePointCount(0, part.length()) > MAX_PART) {
      b.append('…');
    }
    return b.append('\'').toString();
  }
}
