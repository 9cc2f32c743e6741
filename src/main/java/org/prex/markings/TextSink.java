package org.prex.markings;

import java.io.Writer;

/**
 * Text of one part of an item, streamed: it is cut into lines and every line is scanned, so no
 * character is left unscanned and memory stays bounded. A line longer than {@link #MAX_LINE} chars
 * is scanned in windows that overlap by {@link #OVERLAP} chars, so a portion marking that straddles
 * two windows, or two writes, is still found; only the first window of a line can be a banner line
 * (a banner is a short line on its own).
 */
public final class TextSink extends Writer {
  static final int MAX_LINE = 16 * 1024;
  static final int OVERLAP = 256;

  private final MarkingScanner scanner;
  private final Found found;
  private final String part;
  private final boolean strings;
  private final StringBuilder line = new StringBuilder();
  private final CharsView view = new CharsView();
  private boolean continuation;
  private long chars;

  TextSink(MarkingScanner scanner, Found found, String part, boolean strings) {
    this.scanner = scanner;
    this.found = found;
    this.part = part;
    this.strings = strings;
  }

  @Override
  public void write(char[] c, int off, int len) {
    chars += len;
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (isBreak(c[i])) {
        append(c, start, i - start);
        endLine(true);
        start = i + 1;
      }
    }
    append(c, start, end - start);
  }

  @Override
  public void write(String s) {
    write(s, 0, s.length());
  }

  @Override
  public void write(String s, int off, int len) {
    char[] c = new char[Math.min(len, 8192)];
    while (len > 0) {
      int n = Math.min(len, c.length);
      s.getChars(off, off + n, c, 0);
      write(c, 0, n);
      off += n;
      len -= n;
    }
  }

  private void append(char[] c, int off, int len) {
    while (len > 0) {
      int room = MAX_LINE - line.length();
      int n = Math.min(room, len);
      line.append(c, off, n);
      off += n;
      len -= n;
      if (line.length() >= MAX_LINE) {
        scanner.scanLine(line, continuation, strings, false, found, part);
        String tail = line.substring(line.length() - OVERLAP);
        line.setLength(0);
        line.append(tail);
        continuation = true;
      }
    }
  }

  /**
   * Writes {@code c[off..off+len)} and ends the line: the same as {@link #write(char[], int, int)}
   * then {@link #endLine()}. A strings scan hands on millions of short runs per GiB of binary
   * content; when no line is pending, each piece is scanned where it lies, not copied first.
   */
  public void line(char[] c, int off, int len) {
    if (line.length() > 0 || continuation || len > MAX_LINE) {
      write(c, off, len);
      endLine();
      return;
    }
    chars += len;
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (isBreak(c[i])) {
        if (i > start) {
          scanInPlace(c, start, i - start, true);
        }
        start = i + 1;
      }
    }
    if (end > start) {
      scanInPlace(c, start, end - start, false);
    }
  }

  private void scanInPlace(char[] c, int off, int len, boolean atLineBreak) {
    view.of(c, off, len);
    scanner.scanLine(view, false, strings, atLineBreak, found, part);
  }

  private static boolean isBreak(char ch) {
    return (ch <= '\r' && ch >= '\n') || ch == '\u0085' || ch == '\u2028' || ch == '\u2029';
  }

  /** Characters of an array seen as a line, without copying them (valid during one scan). */
  private static final class CharsView implements CharSequence {
    private char[] c;
    private int off;
    private int len;

    void of(char[] c, int off, int len) {
      this.c = c;
      this.off = off;
      this.len = len;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= len) {
        throw new IndexOutOfBoundsException(index);
      }
      return c[off + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    @Override
    public String toString() {
      return new String(c, off, len);
    }
  }

  /** Ends the current line (a run of a strings scan, a cell, a field) and scans it. */
  public void endLine() {
    endLine(false);
  }

  /** Ends the line; {@code atLineBreak}: the text broke it (a strings run, too, can hold one). */
  private void endLine(boolean atLineBreak) {
    if (line.length() > 0) {
      scanner.scanLine(line, continuation, strings, atLineBreak, found, part);
    }
    line.setLength(0);
    continuation = false;
  }

  /** Characters seen so far. */
  public long chars() {
    return chars;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    endLine();
  }
}
