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

  /** Scans everything {@code in} holds; returns the number of bytes read. */
  static long scan(InputStream in, TextSink utf8, TextSink utf16) throws IOException {
    Run ascii = new Run(utf8);
    Utf16 le0 = new Utf16(new Run(utf16), true, 0);
    Utf16 le1 = new Utf16(new Run(utf16), true, 1);
    Utf16 be0 = new Utf16(new Run(utf16), false, 0);
    Utf16 be1 = new Utf16(new Run(utf16), false, 1);
    byte[] buf = new byte[1 << 16];
    long pos = 0;
    int need = 0; // UTF-8 continuation bytes still expected
    int cp = 0;
    int seqLen = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++, pos++) {
        int b = buf[i] & 0xFF;
        // ASCII / UTF-8
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
          } else {
            need = 0;
            ascii.end();
            asciiStart(ascii, b);
            if (b >= 0xC2 && b <= 0xF4) {
              seqLen = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
              need = seqLen - 1;
              cp = b & (0xFF >> (seqLen + 1));
            }
          }
        } else if (b >= 0xC2 && b <= 0xF4) {
          seqLen = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
          need = seqLen - 1;
          cp = b & (0xFF >> (seqLen + 1));
        } else {
          asciiStart(ascii, b);
        }
        // UTF-16, both byte orders, both alignments
        int odd = (int) (pos & 1);
        le0.take(b, odd);
        le1.take(b, odd);
        be0.take(b, odd);
        be1.take(b, odd);
      }
    }
    ascii.end();
    le0.run.end();
    le1.run.end();
    be0.run.end();
    be1.run.end();
    return pos;
  }

  private static void asciiStart(Run ascii, int b) {
    if ((b >= 0x20 && b < 0x7F) || b == '\t') {
      ascii.add(b);
    } else {
      ascii.end();
    }
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
   * As {@link #printable}, less the units that two ASCII characters read as UTF-16 make (e.g.
   * "a " is U+2061): ASCII text never makes a UTF-16 run.
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

  /** UTF-16 units at one alignment and byte order. */
  private static final class Utf16 {
    final Run run;
    final boolean littleEndian;
    final int alignment;
    int first = -1;

    Utf16(Run run, boolean littleEndian, int alignment) {
      this.run = run;
      this.littleEndian = littleEndian;
      this.alignment = alignment;
    }

    void take(int b, int odd) {
      if (odd == alignment) {
        first = b;
        return;
      }
      if (first < 0) {
        return;
      }
      int unit = littleEndian ? (b << 8) | first : (first << 8) | b;
      first = -1;
      if (printable16(unit)) {
        run.add(unit);
      } else {
        run.end();
      }
    }
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
      len += Character.toChars(cp, chars, len);
    }

    void end() {
      if (flushed || len >= MIN_RUN) {
        sink.write(chars, 0, len);
        sink.endLine();
      }
      len = 0;
      flushed = false;
    }
  }
}
