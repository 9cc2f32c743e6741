package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import org.prex.markings.TextSink;

/**
 * Finds the text in binary content as {@code strings -e s}, {@code -e l} and {@code -e b} would:
 * runs of printable characters in ASCII/UTF-8 and in UTF-16 little- and big-endian at either byte
 * alignment, at least {@link #MIN_RUN} characters long. Each run is one line for the marking
 * scanner. Besides ASCII, runs keep the letters a look-alike marking is made of (Latin-1, Greek,
 * Cyrillic, full-width forms) and zero-width characters, which the scanner then normalizes away.
 * One pass, bounded memory.
 */
final class StringsScanner {
  static final int MIN_RUN = 4;

  private StringsScanner() {}

  /** printable16 as a table: one lookup per UTF-16 unit. */
  private static final boolean[] PRINTABLE16 = new boolean[1 << 16];

  static {
    for (int u = 0; u < PRINTABLE16.length; u++) {
      PRINTABLE16[u] = printable16(u);
    }
  }

  /** Scans everything {@code in} holds; returns the number of bytes read. */
  static long scan(InputStream in, TextSink utf8, TextSink utf16) throws IOException {
    Run ascii = new Run(utf8);
    Run[] wide = {new Run(utf16), new Run(utf16), new Run(utf16), new Run(utf16)};
    byte[] buf = new byte[(1 << 16) + 1];
    long pos = 0;
    int need = 0; // UTF-8 continuation bytes still expected
    int cp = 0;
    int seqLen = 0;
    int carry = -1; // the last byte of the previous buffer, for pairs across the boundary
    int n;
    while ((n = in.readNBytes(buf, 1, buf.length - 1)) > 0) {
      // ASCII / UTF-8
      for (int i = 1; i <= n; i++) {
        int b = buf[i] & 0xFF;
        if (need > 0) {
          if ((b & 0xC0) == 0x80) {
            cp = (cp << 6) | (b & 0x3F);
            if (--need == 0) {
              if (printable(cp) && !(seqLen == 3 && cp < 0x800) && !(seqLen == 4 && cp < 0x10000)) {
                ascii.add(cp);
              } else {
                ascii.end();
              }
            }
            continue;
          }
          need = 0;
          ascii.end();
        }
        if (b >= 0x20 && b < 0x7F || b == '\t') {
          ascii.add(b);
        } else {
          ascii.end();
          if (b >= 0xC2 && b <= 0xF4) {
            seqLen = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            need = seqLen - 1;
            cp = b & (0xFF >> (seqLen + 1));
          }
        }
      }
      // UTF-16: units start at even or odd file offsets; buf[0] holds the previous buffer's
      // last byte, so a unit across the boundary is read whole
      int start = 1;
      if (carry >= 0) {
        buf[0] = (byte) carry;
        start = 0;
      }
      for (int align = 0; align < 2; align++) {
        // first index i (in buf) whose file offset pos + i - 1 has parity align
        int first = (int) ((pos - 1 + start) & 1) == align ? start : start + 1;
        Run le = wide[align];
        Run be = wide[2 + align];
        for (int i = first; i + 1 <= n; i += 2) {
          int lo = buf[i] & 0xFF;
          int hi = buf[i + 1] & 0xFF;
          if (PRINTABLE16[(hi << 8) | lo]) {
            le.add((hi << 8) | lo);
          } else {
            le.end();
          }
          if (PRINTABLE16[(lo << 8) | hi]) {
            be.add((lo << 8) | hi);
          } else {
            be.end();
          }
        }
      }
      carry = buf[n] & 0xFF;
      pos += n;
    }
    ascii.end();
    for (Run r : wide) {
      r.end();
    }
    return pos;
  }

  /** Letters and signs a marking can be written with, in any of its disguises. */
  static boolean printable(int cp) {
    if (cp < 0x80) {
      return (cp >= 0x20 && cp < 0x7F) || cp == '\t';
    }
    return (cp >= 0xA0 && cp <= 0x24F) // Latin-1, Latin Extended
        || (cp >= 0x300 && cp <= 0x36F) // combining marks
        || (cp >= 0x370 && cp <= 0x52F) // Greek, Cyrillic
        || (cp >= 0x2000 && cp <= 0x206F) // spaces, zero-width, punctuation
        || cp == 0x2215
        || cp == 0x29F8
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || (cp >= 0xFF01 && cp <= 0xFF5E) // full-width ASCII
        || (cp >= 0x1D400 && cp <= 0x1D7FF); // mathematical letters
  }

  /**
   * As {@link #printable}, less the units that two ASCII characters read as UTF-16 make (e.g. "a "
   * is U+2061): ASCII text never makes a UTF-16 run.
   */
  static boolean printable16(int unit) {
    if (unit < 0x80) {
      return printable(unit);
    }
    return (unit >= 0xA0 && unit <= 0x24F)
        || (unit >= 0x300 && unit <= 0x52F)
        || (unit >= 0x2000 && unit <= 0x200F)
        || unit == 0x2215
        || unit == 0x29F8
        || (unit >= 0xFE00 && unit <= 0xFE0F)
        || unit == 0xFEFF
        || (unit >= 0xFF01 && unit <= 0xFF5E);
  }

  /** One run of printable characters, handed to the scanner as a line when it ends. */
  private static final class Run {
    private final TextSink sink;
    private final char[] chars = new char[4096];
    private int len;
    private boolean flushed;

    Run(TextSink sink) {
      this.sink = sink;
    }

    void add(int cp) {
      if (len + 2 > chars.length) {
        sink.write(chars, 0, len);
        len = 0;
        flushed = true;
      }
      if (cp < 0x10000) {
        chars[len++] = (char) cp;
      } else {
        len += Character.toChars(cp, chars, len);
      }
    }

    void end() {
      if (len == 0) {
        return;
      }
      if (flushed || len >= MIN_RUN) {
        sink.write(chars, 0, len);
        sink.endLine();
      }
      len = 0;
      flushed = false;
    }
  }
}
