package org.prex.markings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prex.designate.Designation;

/**
 * Finds markings in extracted text (SPEC §6): CUI banner lines (a line that is a marking and
 * nothing else, wherever it stands: top or bottom of a page), CUI portion markings such as {@code
 * (CUI//SP-PROPIN)}, the policy's legacy markings on all-capitals lines, and classified markings,
 * banner ({@code SECRET}, {@code TOP SECRET//NOFORN}, {@code CONFIDENTIAL//REL TO USA, GBR}) or
 * portion ({@code (S)}, {@code (TS)}, {@code (S//NF)}). A bare {@code CONFIDENTIAL} line is a
 * company marking, mapped like any legacy one. When unsure, it errs towards the stricter reading.
 */
public final class MarkingScanner {
  private static final Pattern CUI_PORTION = Pattern.compile("\\((CUI(?://[A-Z0-9 ,/-]*)?)\\)");
  private static final Pattern CLASSIFIED_PORTION =
      Pattern.compile("\\((?:TS|S)(?://[A-Z0-9 ,/-]+)?\\)|\\(C//[A-Z0-9 ,/-]+\\)");
  private static final Pattern CLASSIFIED_BANNER =
      Pattern.compile("(?:TOP SECRET|SECRET)(?://.*)?|CONFIDENTIAL//.+");

  private final Map<String, Designation> legacy;

  /**
   * @param legacyMarkings the policy's map, e.g. PROPRIETARY → CUI//SP-PROPIN
   */
  public MarkingScanner(Map<String, Designation> legacyMarkings) {
    this.legacy = Map.copyOf(legacyMarkings);
  }

  public Markings scan(String text) {
    List<Designation> cui = new ArrayList<>();
    Set<String> classified = new LinkedHashSet<>();
    Set<String> unparsable = new LinkedHashSet<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (CLASSIFIED_BANNER.matcher(line).matches()) {
        classified.add(line);
        continue;
      }
      if (line.equals("CUI") || line.startsWith("CUI//")) {
        parse(line, cui, unparsable);
      }
      Matcher portion = CUI_PORTION.matcher(line);
      while (portion.find()) {
        parse(portion.group(1), cui, unparsable);
      }
      Matcher spill = CLASSIFIED_PORTION.matcher(line);
      while (spill.find()) {
        classified.add(spill.group());
      }
      if (line.equals(line.toUpperCase(Locale.ROOT))) {
        for (Map.Entry<String, Designation> e : legacy.entrySet()) {
          if (Pattern.compile("\\b" + Pattern.quote(e.getKey()) + "\\b").matcher(line).find()) {
            cui.add(e.getValue());
          }
        }
      }
    }
    return new Markings(cui, List.copyOf(classified), List.copyOf(unparsable));
  }

  private static void parse(String marking, List<Designation> cui, Set<String> unparsable) {
    try {
      cui.add(Designation.parse(marking));
    } catch (IllegalArgumentException e) {
      unparsable.add(e.getMessage());
    }
  }
}
