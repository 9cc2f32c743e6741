package org.prex.markings;

import java.text.Normalizer.Form;

/**
 * Brings a line of text to the form markings are matched in (docs/inspection.md, "Markings"):
 * compatibility decomposition (NFKD: full-width letters, ligatures, non-breaking spaces), then
 * combining marks and format characters (zero-width spaces and joiners, soft hyphens, bidi
 * controls) dropped, Cyrillic and Greek letters that look like Latin ones folded to them, slash
 * look-alikes made '/', whitespace runs made one space, and no space around '/'. It can only make
 * more text look like a marking, never less: the scanner sees the original line's markings in the
 * normalized one too.
 */
final class Normalizer {
  private Normalizer() {}

  /** True when the line needs nothing but the ASCII rules (the common, fast case). */
  static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * A cheap first look at a line that is not ASCII: the same letters as {@link #normalize} gives
   * (each character's compatibility decomposition, marks and invisible characters dropped,
   * look-alikes folded), from a table made once, without escapes or spacing. Null when the line
   * holds characters only the full normalization reads (surrogate pairs: mathematical letters).
   */
  static StringBuilder quickFold(CharSequence raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x80) {
        b.append(c);
        continue;
      }
      if (Character.isSurrogate(c) || c == '\u202E' || c == '\u2067' || c == '\u202B') {
        return null; // the full scan also reads a line with a right-to-left override reversed
      }
      String d = Decomposed.TABLE[c];
      if (d == null) {
        b.append(c);
      } else {
        b.append(d);
      }
    }
    return b;
  }

  /**
   * Per character, what {@link #normalize} makes of it when that is not the character itself. NFKD
   * works character by character apart from the order of combining marks, which are dropped; so a
   * line folded through this table has the letters of the normalized line.
   */
  private static final class Decomposed {
    static final String[] TABLE = new String[1 << 16];

    static {
      for (int c = 0x80; c < TABLE.length; c++) {
        if (Character.isSurrogate((char) c)) {
          continue;
        }
        String one = String.valueOf((char) c);
        String folded = foldDecomposed(java.text.Normalizer.normalize(one, Form.NFKD));
        if (!folded.equals(one)) {
          TABLE[c] = folded;
        }
      }
    }

    private Decomposed() {}
  }

  /** A decomposed text's characters folded, dropping marks and what renders as nothing. */
  private static String foldDecomposed(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK
          || type == Character.FORMAT
          || (c >= 0xFE00 && c <= 0xFE0F)
          || INVISIBLE_LETTERS.indexOf(c) >= 0) {
        continue;
      }
      b.append(fold(c));
    }
    return b.toString();
  }

  static String normalize(CharSequence raw) {
    String s = raw.toString();
    if (s.indexOf('\\') >= 0 || s.indexOf('&') >= 0) {
      s = unescape(s);
    }
    if (!isAscii(s)) {
      s = foldDecomposed(java.text.Normalizer.normalize(s, Form.NFKD));
    }
    return spaces(s);
  }

  private static final java.util.regex.Pattern ESCAPE =
      java.util.regex.Pattern.compile(
          "\\\\u([0-9a-fA-F]{4})|\\\\x([0-9a-fA-F]{2})|\\\\(/)|&#([0-9]{1,7});?|&#[xX]([0-9a-fA-F]{1,6});?"
              + "|&(sol|nbsp|amp|lpar|rpar);|\\\\([nrt])");

  /**
   * Escapes a reader's tool would show as characters: JSON and source escapes (backslash-u,
   * backslash-x, backslash-slash); HTML and XML character references {@code &#83;}, {@code &sol;}.
   */
  static String unescape(String s) {
    java.util.regex.Matcher m = ESCAPE.matcher(s);
    StringBuilder b = new StringBuilder(s.length());
    while (m.find()) {
      String rep;
      if (m.group(1) != null) {
        rep = String.valueOf((char) Integer.parseInt(m.group(1), 16));
      } else if (m.group(2) != null) {
        rep = String.valueOf((char) Integer.parseInt(m.group(2), 16));
      } else if (m.group(3) != null) {
        rep = "/";
      } else if (m.group(4) != null || m.group(5) != null) {
        int cp =
            m.group(4) != null ? Integer.parseInt(m.group(4)) : Integer.parseInt(m.group(5), 16);
        rep = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
      } else if (m.group(7) != null) {
        rep = m.group(7).equals("t") ? "\t" : "\n";
      } else {
        rep =
            switch (m.group(6)) {
              case "sol" -> "/";
              case "nbsp" -> " ";
              case "amp" -> "&";
              case "lpar" -> "(";
              default -> ")";
            };
      }
      m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(rep));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static final java.util.regex.Pattern NOISE =
      java.util.regex.Pattern.compile("<!--.*?-->|<[^<>]{0,200}>|\\\\(?=[()\\[\\]*_`])|[*_`~]");

  /**
   * The line without what a Markdown or HTML renderer would not show inside a word: comments, tags,
   * emphasis characters, backslash escapes of punctuation; then normalized.
   */
  static String withoutNoise(String raw) {
    return normalize(NOISE.matcher(raw).replaceAll(""));
  }

  private static final java.util.regex.Pattern SPACED =
      java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])(?:\\p{L} ){3,}\\p{L}(?![\\p{L}\\p{N}])");

  /** "T O P S E C R E T" as a reader reads it: runs of single spaced letters joined. */
  static String collapseLetterSpacing(String line) {
    java.util.regex.Matcher m = SPACED.matcher(line.replaceAll("  +", "  "));
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(m.group().replace(" ", "")));
    }
    m.appendTail(b);
    return b.toString().replaceAll("(?<=TOP)(?=SECRET)", " ");
  }

  /** Whitespace runs to one space, none around '/', none at the ends. */
  private static String spaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        pendingSpace = b.length() > 0;
        continue;
      }
      if (pendingSpace && c != '/' && b.charAt(b.length() - 1) != '/') {
        b.append(' ');
      }
      pendingSpace = false;
      b.append(c);
    }
    return b.toString();
  }

  /** Letters that render as nothing (fillers, blanks): a reader does not see them. */
  private static final String INVISIBLE_LETTERS =
      "\u115F\u1160\u3164\uFFA0\u17B4\u17B5\u180E\u2800\u034F";

  /** Look-alikes of Latin capitals in Lisu, Cherokee and small capitals: from, to. */
  private static final String FROM =
      "\uA4EE\uA4D0\uA4DA\uA4D3\uA4F0\uA4DD\uA4D6\uA4E7\uA4F2\uA4D9\uA4D7\uA4E1\uA4DF"
          + "\uA4E0\uA4F3\uA4D1\uA4E3\uA4E2\uA4D4\uA4F4\uA4E6\uA4EA\uA4EB\uA4EC\uA4DC"
          + "\u13AA\u13F4\u13DF\u13A0\u13AC\u13C0\u13BB\u13A5\u13AB\u13E6\u13DE\u13B7"
          + "\u13BE\u13E2\u13A1\u13DA\u13A2\u13D9\u13B3\u13C3"
          + "\u1D00\u0299\u1D04\u1D05\u1D07\uA730\u0262\u029C\u026A\u1D0A\u1D0B\u029F"
          + "\u1D0D\u0274\u1D0F\u1D18\u0280\uA731\u1D1B\u1D1C\u1D20\u1D21\u028F\u1D22"
          + "\u2768\u2769\u276A\u276B\u27EE\u27EF\u2985\u2986\u30CE\u2044\u2215\u29F8"
          + "\u2571\u27CB\u3033";

  private static final String TO =
      "ABCDEFGHIJKLMNOPRSTUVWXYZ"
          + "ABCDEGHIJKLMOPRSTVWZ"
          + "ABCDEFGHIJKLMNOPRSTUVWYZ"
          + "()()()()//////"
          + "/";

  /** Look-alikes of Latin letters and of '/', as a reader would take them. */
  static char fold(char c) {
    int i = FROM.indexOf(c);
    if (i >= 0) {
      return TO.charAt(i);
    }
    switch (c) {
      // Cyrillic capitals
      case 'А':
        return 'A';
      case 'В':
        return 'B';
      case 'Е':
        return 'E';
      case 'Ё':
        return 'E';
      case 'К':
        return 'K';
      case 'М':
        return 'M';
      case 'Н':
        return 'H';
      case 'О':
        return 'O';
      case 'Р':
        return 'P';
      case 'С':
        return 'C';
      case 'Т':
        return 'T';
      case 'У':
        return 'Y';
      case 'Х':
        return 'X';
      case 'І':
        return 'I';
      case 'Ї':
        return 'I';
      case 'Ј':
        return 'J';
      case 'Ѕ':
        return 'S';
      case 'Ԛ':
        return 'Q';
      case 'Ԝ':
        return 'W';
      case 'Ү':
        return 'Y';
      case 'Һ':
        return 'H';
      case 'Ӏ':
        return 'I';
      // Cyrillic small
      case 'а':
        return 'a';
      case 'е':
        return 'e';
      case 'о':
        return 'o';
      case 'р':
        return 'p';
      case 'с':
        return 'c';
      case 'у':
        return 'y';
      case 'х':
        return 'x';
      case 'і':
        return 'i';
      case 'ј':
        return 'j';
      case 'ѕ':
        return 's';
      case 'һ':
        return 'h';
      case 'ԁ':
        return 'd';
      case 'ԛ':
        return 'q';
      case 'ԝ':
        return 'w';
      // Greek capitals
      case 'Α':
        return 'A';
      case 'Β':
        return 'B';
      case 'Ε':
        return 'E';
      case 'Ζ':
        return 'Z';
      case 'Η':
        return 'H';
      case 'Ι':
        return 'I';
      case 'Κ':
        return 'K';
      case 'Μ':
        return 'M';
      case 'Ν':
        return 'N';
      case 'Ο':
        return 'O';
      case 'Ρ':
        return 'P';
      case 'Τ':
        return 'T';
      case 'Υ':
        return 'Y';
      case 'Χ':
        return 'X';
      case 'Ϲ':
        return 'C';
      // Greek small
      case 'ο':
        return 'o';
      case 'ν':
        return 'v';
      case 'ρ':
        return 'p';
      case 'ϲ':
        return 'c';
      case 'ι':
        return 'i';
      case 'κ':
        return 'k';
      // slashes
      case '\u2215': // division slash
      case '\u2044': // fraction slash
      case '\u29F8': // big solidus
      case '\u2571': // box drawings diagonal
      case '\u27CB':
        return '/';
      default:
        return c;
    }
  }
}
