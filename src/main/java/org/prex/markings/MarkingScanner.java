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

  /** Dissemination controls and SCI systems a classification can be followed by. */
  private static final String KNOWN_CONTROLS =
      "NOFORN|NF|REL TO|ORCON|OC|SI|TK|HCS|RELIDO|FGI|FISA|IMCON|SAR|RSEN|PROPIN|RD|FRD";

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
   * In strings from binary content a run has no next line for the controls to wrap onto: a portion
   * mark left open at a run's end counts when a known control follows its {@code //}. Random bytes
   * end a run with {@code (C//} or {@code (S//} about once in 3 GiB; with a control, once in 10^5.
   */
  private static final Pattern OPEN_PORTION_IN_STRINGS =
      Pattern.compile("\\((?:TS|S|C)//(?:" + KNOWN_CONTROLS + ")(?![A-Z])");

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
              + "|(?<![\\p{L}\\p{N}])(?i:TOP SECRET|SECRET|CONFIDENTIAL) ?/ ?(?i:"
              + KNOWN_CONTROLS
              + ")(?![A-Za-z])");

  private final List<Map.Entry<Pattern, Designation>> legacy = new ArrayList<>();
  private final List<Integer> legacyLetters = new ArrayList<>();
  private final boolean quickLook;

  /**
   * @param legacyMarkings the policy's map, e.g. PROPRIETARY → CUI//SP-PROPIN
   */
  public MarkingScanner(Map<String, Designation> legacyMarkings) {
    this(legacyMarkings, true);
  }

  /** With {@code quickLook} false every line gets the full scan (tests of the quick look). */
  MarkingScanner(Map<String, Designation> legacyMarkings, boolean quickLook) {
    this.quickLook = quickLook;
    for (Map.Entry<String, Designation> e : legacyMarkings.entrySet()) {
      String word = Normalizer.normalize(e.getKey()).toUpperCase(Locale.ROOT);
      legacyLetters.add(lettersOf(word));
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

  void scanLine(
      CharSequence raw,
      boolean continuation,
      boolean strings,
      boolean atLineBreak,
      Found found,
      String part) {
    boolean ascii = Normalizer.isAscii(raw);
    if (ascii && quickLook && !worthALook(raw, strings)) {
      return;
    }
    if (!ascii) {
      StringBuilder folded = Normalizer.quickFold(raw);
      if (folded != null && quickLook && !worthALook(folded, strings)) {
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
          scanVariants(piece, false, strings, atLineBreak, found, part);
        }
      }
    }
    scanVariants(text, continuation, strings, atLineBreak, found, part);
  }

  /**
   * The line as written, and as a reader sees it once noise is gone: Markdown emphasis and escapes,
   * HTML and Markdown comments inside a word, letter-spaced capitals, text reversed by a bidi
   * override.
   */
  private void scanVariants(
      String raw,
      boolean continuation,
      boolean strings,
      boolean atLineBreak,
      Found found,
      String part) {
    String line = Normalizer.normalize(raw);
    if (line.isEmpty()) {
      return;
    }
    scanNormalized(line, continuation, strings, atLineBreak, found, part);
    if (strings) {
      return;
    }
    String quiet = Normalizer.withoutNoise(raw);
    if (!quiet.equals(line)) {
      scanNormalized(quiet, continuation, false, atLineBreak, found, part);
    }
    String collapsed = Normalizer.collapseLetterSpacing(line);
    if (!collapsed.equals(line)) {
      scanNormalized(collapsed, continuation, false, atLineBreak, found, part);
    }
    if (raw.indexOf('\u202E') >= 0 || raw.indexOf('\u2067') >= 0 || raw.indexOf('\u202B') >= 0) {
      scanNormalized(
          new StringBuilder(line).reverse().toString(),
          continuation,
          false,
          atLineBreak,
          found,
          part);
    }
  }

  private void scanNormalized(
      String line,
      boolean continuation,
      boolean strings,
      boolean atLineBreak,
      Found found,
      String part) {
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
      String mark = spill.group();
      if (strings
          && !atLineBreak
          && !mark.endsWith(")")
          && !OPEN_PORTION_IN_STRINGS.matcher(mark).lookingAt()) {
        continue; // "(C//" at a run's end: a third of all random GiBs have one
      }
      found.classified(mark.toUpperCase(Locale.ROOT), part);
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
   * Whether a line (ASCII, or folded to the letters its normalized form has) could hold a marking
   * at all, without a regex. Every pattern the scanner matches needs one of these in the line: a
   * '//' (or '/ /'); a '(' before S, T or C; an escape ('\\' or '&'), which can stand for any
   * character (in a strings scan only where one starts, or on a line with a quote, at which such a
   * line is also split); the letters of SECRET or of CONFIDENTIAL, in any case and order (a banner,
   * or one with a single slash before a control: "Secret/NF"); or, on a line without lower-case
   * letters, those of CUI or of a legacy word. Outside a strings scan, Markdown and HTML noise also
   * counts: the scanner reads the line once more without it. Nearly every line of prose, code or
   * binary strings is skipped here; the test errs towards a look.
   */
  private boolean worthALook(CharSequence s, boolean strings) {
    boolean lower = false;
    int letters = 0;
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
        case '~':
          // Markdown or HTML noise inside a word: "SEC<!-- -->RET", "**SECRET**//"
          if (!strings) {
            return true;
          }
          break;
        case '\\':
        case '&':
          if (!strings || escapeAt(s, i) || hasQuote(s)) {
            return true;
          }
          break;
        default:
          if (c >= 'a' && c <= 'z') {
            lower = true;
            letters |= 1 << (c - 'a');
          } else if (c >= 'A' && c <= 'Z') {
            letters |= 1 << (c - 'A');
          }
      }
      if (!isSpace(c)) {
        lastNonSpace = c;
      }
    }
    if (has(letters, SECRET_LETTERS) || has(letters, CONFIDENTIAL_LETTERS)) {
      return true;
    }
    if (lower) {
      return false;
    }
    if (has(letters, CUI_LETTERS)) {
      return true;
    }
    for (int word : legacyLetters) {
      if (has(letters, word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an escape {@link Normalizer#unescape} reads starts at {@code i} ({@code \\u}, {@code
   * \\x}, {@code \\/}, {@code \\n}, {@code &#}, {@code &sol;} …): only then can the line unescape
   * to other characters.
   */
  private static boolean escapeAt(CharSequence s, int i) {
    if (i + 1 >= s.length()) {
      return false;
    }
    char next = s.charAt(i + 1);
    return s.charAt(i) == '\\'
        ? next == 'u' || next == 'x' || next == '/' || next == 'n' || next == 'r' || next == 't'
        : next == '#' || next == 's' || next == 'n' || next == 'a' || next == 'l' || next == 'r';
  }

  /** A line with an escape character is also read in pieces split at quotes (scanLine). */
  private static boolean hasQuote(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        return true;
      }
    }
    return false;
  }

  private static final int SECRET_LETTERS = lettersOf("SECRET");
  private static final int CONFIDENTIAL_LETTERS = lettersOf("CONFIDENTIAL");
  private static final int CUI_LETTERS = lettersOf("CUI");

  /** The set of ASCII letters (either case) in {@code word}, one bit per letter. */
  private static int lettersOf(String word) {
    int set = 0;
    for (char c : word.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        set |= 1 << (c - 'A');
      }
    }
    return set;
  }

  private static boolean has(int letters, int needed) {
    return (letters & needed) == needed;
  }

  /** What {@link Normalizer} makes one space of, and drops next to a '/'. */
  private static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || (c < 0x20 || c >= 0x7F)
            && (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c));
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
