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
 * (S)}, {@code (TS)}, {@code (S//NF)}, {@code (C//REL TO …)}). A bare {@code CONFIDENTIAL} line is
 * a company marking, mapped like any legacy one.
 *
 * <p>Each line is normalized first ({@link Normalizer}): what a reader would take for a marking is
 * one. When unsure, it errs towards the stricter reading. Thread-safe.
 */
public final class MarkingScanner {
  private static final String CONTROLS = "[A-Z0-9 ,/-]";
  private static final Pattern CUI_PORTION = Pattern.compile("\\((CUI(?://" + CONTROLS + "*)?)\\)");

  /**
   * Classified portion marks with controls, anywhere: {@code (S//NF)}, {@code (C//REL TO USA,
   * GBR)}; in any case when a known control follows ({@code (ts//si)}, not Python's {@code
   * (s//2)}); also one left open at the end of a line, its controls on the next ({@code (S//}).
   */
  private static final Pattern CLASSIFIED_PORTION =
      Pattern.compile(
          "\\((?:TS|S|C)//(?:"
              + CONTROLS
              + "+\\)|"
              + CONTROLS
              + "*$)"
              + "|\\((?i:TS|S|C)//(?i:NF|NOFORN|REL TO|ORCON|OC|SI|TK|HCS|RELIDO|FGI|IMCON|SAR)"
              + "(?![A-Za-z])[A-Za-z0-9 ,/-]*\\)");

  /**
   * A bare {@code (S)} or {@code (TS)} is a portion mark where a paragraph starts: at the start of
   * a line (after list or table decoration) or after the end of a sentence, before a word.
   * Elsewhere it is ordinary notation: "Small (S), Medium (M)", "sequence length (S)", {@code
   * f((S), 1)}.
   */
  private static final Pattern BARE_PORTION =
      Pattern.compile(
          "(?:^[^\\p{L}\\p{N}(]*|[.!?:;]\\s+)(\\((?:TS|S)\\))(?=\\s+[\\p{L}\\p{N}\"'(])");

  /**
   * A classified banner with controls: in capitals anywhere (even glued to a letter before it), in
   * any case at a word's start; also one whose controls wrap onto the next line ({@code SECRET//}
   * at a line's end), and one written with a single slash before a known control.
   */
  private static final Pattern CLASSIFIED_WITH_CONTROLS =
      Pattern.compile(
          "(?:TOP SECRET|SECRET|CONFIDENTIAL)//(?:[A-Z0-9]"
              + CONTROLS
              + "{0,60}|$)"
              + "|(?<![\\p{L}\\p{N}])(?i:TOP SECRET|SECRET|CONFIDENTIAL)//(?:[A-Za-z0-9][A-Za-z0-9 ,/-]{0,60}|$)"
              + "|(?<![\\p{L}\\p{N}])(?i:TOP SECRET|SECRET|CONFIDENTIAL) ?/ ?(?i:NOFORN|NF|REL TO|ORCON|OC|SI|TK|HCS|RELIDO|FGI|FISA|IMCON|SAR|RSEN|PROPIN)(?![A-Za-z])");

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
    if (!ascii) {
      StringBuilder folded = Normalizer.quickFold(raw);
      if (folded != null && !worthALook(folded)) {
        return;
      }
    }
    String text = raw.toString();
    if (strings) {
      // a run of printable bytes in binary content is a marking only as it stands: no
      // decoration around a banner
      continuation = continuation || !text.strip().equals(text);
    }
    if (text.indexOf('\\') >= 0 || text.indexOf('&') >= 0) {
      // escapes may hide line breaks too ("\nSECRET//NOFORN" in a JSON string): each piece is a
      // line of its own, and the whole is scanned as well
      String unescaped = Normalizer.unescape(text);
      String[] pieces = unescaped.split("[\\n\\r\\u2028\\u2029\\u0085\\u000B\\u000C\"]");
      if (pieces.length > 1) {
        for (String piece : pieces) {
          scanVariants(piece, false, strings, found, part);
        }
      }
    }
    scanVariants(text, continuation, strings, found, part);
  }

  /**
   * The line as written, and as a reader sees it once noise is gone: Markdown emphasis and escapes,
   * HTML and Markdown comments inside a word, letter-spaced capitals, text reversed by a bidi
   * override.
   */
  private void scanVariants(
      String raw, boolean continuation, boolean strings, Found found, String part) {
    String line = Normalizer.normalize(raw);
    if (line.isEmpty()) {
      return;
    }
    scanNormalized(line, continuation, strings, found, part);
    if (strings) {
      return;
    }
    String quiet = Normalizer.withoutNoise(raw);
    if (!quiet.equals(line)) {
      scanNormalized(quiet, continuation, false, found, part);
    }
    String collapsed = Normalizer.collapseLetterSpacing(line);
    if (!collapsed.equals(line)) {
      scanNormalized(collapsed, continuation, false, found, part);
    }
    if (raw.indexOf('\u202E') >= 0 || raw.indexOf('\u2067') >= 0 || raw.indexOf('\u202B') >= 0) {
      scanNormalized(
          new StringBuilder(line).reverse().toString(), continuation, false, found, part);
    }
  }

  private void scanNormalized(
      String line, boolean continuation, boolean strings, Found found, String part) {
    boolean allCaps = !hasLowerCase(line);
    Matcher m = CLASSIFIED_WITH_CONTROLS.matcher(line);
    boolean withControls = false;
    while (m.find()) {
      found.classified(m.group().toUpperCase(Locale.ROOT).strip(), part);
      withControls = true;
    }
    String bare = continuation ? "" : strings ? line : undecorated(line);
    if (!withControls && (bare.equals("SECRET") || bare.equals("TOP SECRET"))) {
      found.classified(bare, part);
    }
    Matcher spill = CLASSIFIED_PORTION.matcher(line);
    while (spill.find()) {
      found.classified(spill.group().toUpperCase(Locale.ROOT), part);
    }
    Matcher bareMark = BARE_PORTION.matcher(line);
    while (bareMark.find()) {
      if (!strings || bareMark.start(1) == 0) {
        found.classified(bareMark.group(1), part);
      }
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
   * The line without the decoration around a banner: comment delimiters, Markdown emphasis and
   * headings, bullets (a loop, not a regex: no backtracking on long runs of punctuation).
   */
  private static String undecorated(String line) {
    int a = 0;
    int b = line.length();
    while (a < b && !Character.isLetterOrDigit(line.charAt(a)) && line.charAt(a) != '(') {
      a++;
    }
    while (b > a && !Character.isLetterOrDigit(line.charAt(b - 1)) && line.charAt(b - 1) != ')') {
      b--;
    }
    return line.substring(a, b).strip();
  }

  /**
   * Whether an ASCII line could hold a marking at all, without a regex: a marking has a '//' (or '/
   * /'), a '(' before S, T or C, an escape ('\\' or '&'), or stands on a line without lower-case
   * letters as SECRET, CUI or a legacy word. Nearly every line of prose, code or binary strings is
   * skipped here.
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
            if (d == 'S' || d == 'T' || d == 'C' || d == 's' || d == 't' || d == 'c') {
              return true;
            }
          }
          break;
        case '<':
        case '*':
        case '_':
        case '`':
          // Markdown or HTML noise inside a word: "SEC<!-- -->RET", "**SECRET**//"
          return true;
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
    if (contains(s, "SECRET")) {
      return true;
    }
    if (lower) {
      return false;
    }
    if (contains(s, "CUI") || contains(s, "S E C")) {
      return true;
    }
    for (String word : legacyWords) {
      if (contains(s, word)) {
        return true;
      }
    }
    return false;
  }

  /** Without making a String of every line: the sinks pass their StringBuilder. */
  private static boolean contains(CharSequence s, String word) {
    return s instanceof StringBuilder b ? b.indexOf(word) >= 0 : s.toString().contains(word);
  }

  private static boolean hasLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void parse(String marking, Found found, String part) {
    try {
      found.cui(Designation.parse(marking));
    } catch (IllegalArgumentException e) {
      found.unparsable(e.getMessage(), part);
    }
  }
}
