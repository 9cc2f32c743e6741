package org.prex.text;

/**
 * Makes text safe to show on a terminal. Lab-controlled text (a file name in a reason, a path in a
 * package) must not be able to move the cursor, recolour the screen or reorder what an officer
 * reads (docs/threat-model.md).
 */
public final class Escapes {
  private Escapes() {}

  /**
   * Control characters become {@code \n}, {@code \r}, {@code \t} or {@code \\u001b}-style escapes;
   * invisible format characters (bidi overrides, zero-width joiners) become {@code \\u202e}-style
   * escapes. Everything else is unchanged.
   */
  public static String controls(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int next = i + Character.charCount(cp);
      boolean unsafe = isUnsafe(cp);
      if (unsafe && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (!unsafe) {
        if (out != null) {
          out.appendCodePoint(cp);
        }
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(cp > 0xFFFF ? "\\U%08x" : "\\u%04x", cp));
      }
      i = next;
    }
    return out == null ? s : out.toString();
  }

  /**
   * Control characters (C0, DEL, C1) and invisible format characters (bidi controls, zero-width
   * characters).
   */
  public static boolean isUnsafe(int codePoint) {
    return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
  }
}
