package org.prex.markings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prex.designate.Designation;

/**
 * Finds markings in text, line by line (docs/inspection.md, "Markings"): CUI banner lines (a line
 * that is a marking and nothing else), CUI portion markings such as {@code (CUI//SP-PROPIN)}, the
 * policy's legacy markings on all-capitals lines, and classified markings: a banner line ({@code
 * SECRET}, {@code TOP SECRET}), a classified banner with controls anywhere in a line ({@code
 * SECRET//NOFORN}, {@code confidential // rel to usa}, in any case), or a portion marking ({@code
 * (S)}, {@code (TS)}, {@code (S//NF)}, {@code (C//REL TO …)}). A bare {@code CONFIDENTIAL} line is a
 * company marking, mapped like any legacy one.
 *
 * <p>Each line is normalized first ({@link Normalizer}): what a reader would take for a marking is
 * one. When unsure, it errs towards the stricter reading. Thread-safe.
 */
public final class MarkingScanner {
  private static final String CONTROLS = "[A-Z0-9 ,/-]";
  private static final Pattern CUI_PORTION = Pattern.compile("\\((CUI(?://" + CONTROLS + "*)?)\\)");
  /** Portion marks: not after a letter or digit, so {@code f(S)} in code is not one. */
  private static final Pattern CLASSIFIED_PORTION =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_])(?:\\((?:TS|S)(?://" + CONTROLS + "+)?\\)|\\(C//" + CONTROLS + "+\\))");
  /**
   * In strings of binary content a bare (S) or (TS) must open the run or follow a space, and be
   * followed by a space and a letter, as a portion mark before its paragraph is.
   */
  private static final Pattern BARE_PORTION_FOLLOWED =
      Pattern.compile("(?<=^| )\\((?:TS|S)\\) \\p{L}");
  private static final Pattern CLASSIFIED_WITH_CONTROLS =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(?:TOP SECRET|SECRET|CONFIDENTIAL)//[A-Z0-9]" + CONTROLS + "{0,60}",
          Pattern.CASE_INSENSITIVE);
  /** Decoration around a banner line: comment delimiters, Markdown emphasis, bullets. */
  private static final Pattern DECORATION =
      Pattern.compile("^[^\\p{L}\\p{N}(]+|[^\\p{L}\\p{N})]+$");

  private final List<Map.Entry<Pattern, Designation>> legacy = new ArrayList<>();
  private final List<String> legacyWords = new ArrayList<>();

  /**
   * @param legacyMarkings the policy's map, e.g. PROPRIETARY → CUI//SP-PROPIN
   */
  public MarkingScanner(Map<String, Designation> legacyMarkings) {
    for (Map.Entry<String, Designation> e : legacyMarkings.entrySet()) {
      String word = Normalizer.normalize(e.getKey()).toUpperCase(Locale.ROOT);
      legacyWords.add(word);
      legacy.add(
          Map.entry(
              Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])"),
              e.getValue()));
    }
  }

  /** Scans a whole text (tests, small fields). */
  public Markings scan(String text) {
    Found found = new Found();
    try (TextSink sink = sink(found, null)) {
      sink.write(text);
    }
    return found.markings();
  }

  /** A sink for the text of one part of an item; {@code part} names it in what is found. */
  public TextSink sink(Found found, String part) {
    return new TextSink(this, found, part, false);
  }

  /**
   * A sink for runs of printable characters found in binary content, one run per line: a bare
   * portion mark there must stand apart ({@code (S) } or at the end), so that random bytes do not
   * read as one.
   */
  public TextSink stringsSink(Found found, String part) {
    return new TextSink(this, found, part, true);
  }

  void scanLine(CharSequence raw, boolean continuation, boolean strings, Found found, String part) {
    boolean ascii = Normalizer.isAscii(raw);
    if (ascii && !worthALook(raw)) {
      return;
    }
    if (strings) {
      // a run of printable bytes in binary content is a marking only as it stands: no
      // decoration around a banner, a bare portion mark only at a paragraph's start
      continuation = continuation || !raw.toString().strip().equals(raw.toString());
    }
    String line = Normalizer.normalize(raw);
    if (line.isEmpty()) {
      return;
    }
    boolean allCaps = !hasLowerCase(line);
    Matcher m = CLASSIFIED_WITH_CONTROLS.matcher(line);
    boolean withControls = false;
    while (m.find()) {
      found.classified(m.group().toUpperCase(Locale.ROOT).strip(), part);
      withControls = true;
    }
    String bare = continuation ? "" : strings ? line : DECORATION.matcher(line).replaceAll("");
    if (!withControls && (bare.equals("SECRET") || bare.equals("TOP SECRET"))) {
      found.classified(bare, part);
    }
    Matcher spill = CLASSIFIED_PORTION.matcher(line);
    while (spill.find()) {
      String mark = spill.group();
      if (strings && !mark.contains("//") && !standsApart(line, spill.start())) {
        continue;
      }
      found.classified(mark, part);
    }
    if (bare.equals("CUI") || bare.startsWith("CUI//")) {
      parse(bare, found, part);
    }
    Matcher portion = CUI_PORTION.matcher(line);
    while (portion.find()) {
      parse(portion.group(1), found, part);
    }
    if (allCaps && !withControls) {
      String upper = line.toUpperCase(Locale.ROOT);
      for (Map.Entry<Pattern, Designation> e : legacy) {
        if (e.getKey().matcher(upper).find()) {
          found.cui(e.getValue());
        }
      }
    }
  }

  /**
   * Whether an ASCII line could hold a marking at all, without a regex: a marking has a '//' (or
   * '/ /'), a '(' before S, T or C, an escape ('\\' or '&'), or stands on a line without
   * lower-case letters as SECRET, CUI or a legacy word. Nearly every line of prose, code or binary
   * strings is skipped here.
   */
  private boolean worthALook(CharSequence s) {
    boolean lower = false;
    char lastNonSpace = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '/':
          if (lastNonSpace == '/') {
            return true;
          }
          break;
        case '(':
          if (i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 'S' || d == 'T' || d == 'C') {
              return true;
            }
          }
          break;
        case '\\':
        case '&':
          return true;
        default:
          if (c >= 'a' && c <= 'z') {
            lower = true;
          }
      }
      if (c != ' ' && c != '\t') {
        lastNonSpace = c;
      }
    }
    if (lower) {
      return false;
    }
    String line = s.toString();
    if (line.contains("SECRET") || line.contains("CUI")) {
      return true;
    }
    for (String word : legacyWords) {
      if (line.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean standsApart(String line, int at) {
    return BARE_PORTION_FOLLOWED.matcher(line)
        .useTransparentBounds(true)
        .useAnchoringBounds(false)
        .region(at, line.length())
        .lookingAt();
  }

  private static void parse(String marking, Found found, String part) {
    try {
      found.cui(Designation.parse(marking));
    } catch (IllegalArgumentException e) {
      found.unparsable(e.getMessage(), part);
    }
  }
}
