package org.prex.designate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A confidentiality designation (docs/designation.md): {@code PUBLIC}, or a CUI banner marking with
 * categories and limited-dissemination controls, e.g. {@code CUI//SP-EXPT/SP-PROPIN//NOFORN}.
 *
 * @param categories CUI categories as marked, e.g. {@code SP-PROPIN} (specified) or {@code PRVCY}
 * @param controls dissemination controls other than REL TO: NOFORN, FED ONLY, FEDCON, NOCON, DL
 *     ONLY
 * @param relTo countries of a REL TO control (always including USA), empty when there is none
 */
public record Designation(
    boolean isPublic,
    SortedSet<String> categories,
    SortedSet<String> controls,
    List<String> relTo) {

  public static final Set<String> KNOWN_CATEGORIES =
      Set.of(
          "CEII",
          "CRIT",
          "DCNI",
          "EXPT",
          "EXPTR",
          "ISVI",
          "NNPI",
          "PCII",
          "PRIVILEGE",
          "PROPIN",
          "PRVCY",
          "SSI",
          "UCNI");
  public static final Set<String> KNOWN_CONTROLS =
      Set.of("NOFORN", "FED ONLY", "FEDCON", "NOCON", "DL ONLY");

  /** Specified (SP-) categories first, then basic ones, each alphabetical. */
  private static final Comparator<String> CATEGORY_ORDER =
      Comparator.comparing((String c) -> !c.startsWith("SP-")).thenComparing(c -> c);

  /** Limited dissemination controls in the order the CUI registry lists them. */
  private static final List<String> CONTROL_SEQUENCE =
      List.of("NOFORN", "FED ONLY", "FEDCON", "NOCON", "DL ONLY");

  private static final Comparator<String> CONTROL_ORDER =
      Comparator.comparingInt(CONTROL_SEQUENCE::indexOf);

  public static final Designation PUBLIC =
      new Designation(true, new TreeSet<>(), new TreeSet<>(), List.of());

  public Designation {
    categories = Collections.unmodifiableSortedSet(sorted(categories, CATEGORY_ORDER));
    controls = Collections.unmodifiableSortedSet(sorted(controls, CONTROL_ORDER));
    relTo =
        relTo.stream()
            .distinct()
            .sorted(Comparator.comparing((String c) -> !c.equals("USA")).thenComparing(c -> c))
            .toList();
    if (isPublic && (!categories.isEmpty() || !controls.isEmpty() || !relTo.isEmpty())) {
      throw new IllegalArgumentException("PUBLIC carries no categories or controls");
    }
  }

  private static SortedSet<String> sorted(Set<String> items, Comparator<String> order) {
    SortedSet<String> out = new TreeSet<>(order);
    out.addAll(items);
    return out;
  }

  /**
   * The join (docs/designation.md): the least designation at least as restrictive as both.
   * Categories and controls are united; NOFORN beats REL TO; REL TO lists intersect, where CUI
   * without REL TO counts as releasable to USA only (so joining it with a REL TO keeps USA only).
   * PUBLIC is the bottom: joining with it changes nothing.
   */
  public Designation join(Designation other) {
    if (other.isPublic) {
      return this;
    }
    if (isPublic) {
      return other;
    }
    Set<String> cats = new TreeSet<>(categories);
    cats.addAll(other.categories);
    Set<String> ctrls = new TreeSet<>(controls);
    ctrls.addAll(other.controls);
    List<String> rel = new ArrayList<>();
    if (!ctrls.contains("NOFORN")) {
      List<String> mine = relTo.isEmpty() ? List.of("USA") : relTo;
      List<String> theirs = other.relTo.isEmpty() ? List.of("USA") : other.relTo;
      for (String country : mine) {
        if (theirs.contains(country)) {
          rel.add(country);
        }
      }
      if (rel.equals(List.of("USA"))) {
        rel.clear();
      }
    }
    return new Designation(false, new TreeSet<>(cats), new TreeSet<>(ctrls), rel);
  }

  /** Whether this is at least as restrictive as other (joining other into it changes nothing). */
  public boolean dominates(Designation other) {
    return join(other).equals(this);
  }

  /** Parses the grammar of docs/designation.md; errors say what was wrong and what is allowed. */
  public static Designation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DesignationException(String.valueOf(text), "empty (allowed: PUBLIC or CUI[//…])");
    }
    String t = text.trim();
    if (t.equals("PUBLIC")) {
      return PUBLIC;
    }
    String[] parts = t.split("//", -1);
    if (!parts[0].equals("CUI")) {
      throw new DesignationException(text, "must start with CUI or be PUBLIC");
    }
    if (parts.length > 3) {
      throw new DesignationException(text, "too many '//' parts (CUI//categories//controls)");
    }
    SortedSet<String> categories = new TreeSet<>();
    SortedSet<String> controls = new TreeSet<>();
    List<String> relTo = new ArrayList<>();
    int controlsPart = 1;
    if (parts.length >= 2 && !looksLikeControls(parts[1])) {
      for (String c : parts[1].split("/", -1)) {
        String name = c.startsWith("SP-") ? c.substring(3) : c;
        if (!KNOWN_CATEGORIES.contains(name)) {
          throw unknown(text, "category", name, KNOWN_CATEGORIES, "");
        }
        categories.add(c);
      }
      controlsPart = 2;
    }
    if (parts.length > controlsPart) {
      if (controlsPart == 1 && parts.length == 3) {
        throw new DesignationException(text, "controls must come last");
      }
      for (String c : parts[controlsPart].split("/", -1)) {
        String control = c.trim();
        if (control.startsWith("REL TO")) {
          for (String country : control.substring("REL TO".length()).split(",")) {
            String code = country.trim();
            if (!code.matches("[A-Z]{3}")) {
              throw new DesignationException(
                  text, "REL TO needs ISO 3166 trigraphs such as USA, GBR; got '" + code + "'");
            }
            if (!relTo.contains(code)) {
              relTo.add(code);
            }
          }
        } else if (KNOWN_CONTROLS.contains(control)) {
          controls.add(control);
        } else {
          throw unknown(text, "control", control, KNOWN_CONTROLS, ", REL TO …");
        }
      }
    }
    if (!relTo.isEmpty() && controls.contains("NOFORN")) {
      throw new DesignationException(text, "NOFORN and REL TO contradict each other");
    }
    if (!relTo.isEmpty() && !relTo.contains("USA")) {
      relTo.add(0, "USA");
    }
    return new Designation(false, categories, controls, relTo);
  }

  private static boolean looksLikeControls(String part) {
    for (String c : part.split("/")) {
      if (KNOWN_CONTROLS.contains(c.trim()) || c.trim().startsWith("REL TO")) {
        return true;
      }
    }
    return false;
  }

  /** Specified categories without the SP- prefix, e.g. PROPIN. */
  public SortedSet<String> specifiedCategories() {
    SortedSet<String> out = new TreeSet<>();
    for (String c : categories) {
      if (c.startsWith("SP-")) {
        out.add(c.substring(3));
      }
    }
    return out;
  }

  public boolean has(String control) {
    return controls.contains(control);
  }

  /** Whether an agency of this country may receive it by routing rule 2 (docs/designation.md). */
  public boolean releasableTo(String country) {
    if (isPublic) {
      return true;
    }
    if (country.equals("USA")) {
      return true;
    }
    return !has("NOFORN") && relTo.contains(country.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    if (isPublic) {
      return "PUBLIC";
    }
    StringBuilder sb = new StringBuilder("CUI");
    if (!categories.isEmpty()) {
      sb.append("//").append(String.join("/", categories));
    }
    List<String> all = new ArrayList<>(controls);
    if (!relTo.isEmpty()) {
      all.add("REL TO " + String.join(", ", relTo));
    }
    if (!all.isEmpty()) {
      sb.append("//").append(String.join("/", all));
    }
    return sb.toString();
  }

  /** "unknown NOUN VALUE (known: …MORE)", the known ones sorted. */
  private static DesignationException unknown(
      String text, String noun, String value, Collection<String> known, String more) {
    return new DesignationException(
        text,
        "unknown "
            + noun
            + " "
            + (value.isEmpty() ? "(empty)" : value)
            + " (known: "
            + String.join(", ", new TreeSet<>(known))
            + more
            + ")");
  }
}
