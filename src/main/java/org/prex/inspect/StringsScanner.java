package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
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

  /** printable16 as a table, 1 or 0: one lookup per UTF-16 unit. */
  private static final byte[] PRINTABLE16 = new byte[1 << 16];

  /**
   * What a byte is to the UTF-8 decoder when no sequence is open: {@link #BREAK}, {@link #ASCII}
   * (printable), or the length (2 to 4) of the sequence it leads.
   */
  private static final byte[] KIND8 = new byte[256];

  private static final int BREAK = 0;
  private static final int ASCII = 1;

  static {
    for (int u = 0; u < PRINTABLE16.length; u++) {
      PRINTABLE16[u] = (byte) (printable16(u) ? 1 : 0);
    }
    for (int b = 0; b < 256; b++) {
      KIND8[b] =
          (byte)
              (b >= 0x20 && b < 0x7F || b == '\t'
                  ? ASCII
                  : b >= 0xC2 && b <= 0xF4 ? (b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2) : BREAK);
    }
  }

  /** Where the runs of one decoding go, each as one line: written in one or more pieces, ended. */
  interface Lines {
    void write(char[] c, int off, int len);

    void endLine();

    /** A marking scanner's sink as the lines of one decoding. */
    static Lines of(TextSink sink) {
      return new Lines() {
        @Override
        public void write(char[] c, int off, int len) {
          sink.write(c, off, len);
        }

        @Override
        public void endLine() {
          sink.endLine();
        }
      };
    }
  }

  /**
   * Scans everything {@code in} holds; returns the number of bytes read. Each of the five decodings
   * (UTF-8, UTF-16 little- and big-endian at even and odd offsets) writes its runs to lines of its
   * own, taken from {@code lines}, so that a long run written in pieces is never interleaved with
   * another decoding's.
   *
   * <p>A run goes on through a multi-byte UTF-8 character that decodes to a printable one ("SECRЕT"
   * with a Cyrillic Е stays one run); the run ends at a byte that cannot continue it.
   */
  static long scan(InputStream in, Supplier<Lines> lines) throws IOException {
    Run ascii = new Run(lines.get());
    Run[] wide = {
      new Run(lines.get()), new Run(lines.get()), new Run(lines.get()), new Run(lines.get())
    };
    byte[] buf = new byte[(1 << 16) + 1];
    long pos = 0;
    int need = 0; // UTF-8 continuation bytes still expected
    int cp = 0;
    int seqLen = 0;
    int carry = -1; // the last byte of the previous buffer, for pairs across the boundary
    int n;
    while ((n = in.readNBytes(buf, 1, buf.length - 1)) > 0) {
      // ASCII / UTF-8: most bytes take the branch-free step; a sequence's bytes the slow path
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
          ascii.end(); // a sequence broken off: this byte starts afresh
        }
        int kind = KIND8[b];
        if (kind > ASCII) {
          seqLen = kind;
          need = kind - 1;
          cp = b & (0xFF >> (kind + 1));
          continue;
        }
        ascii.step(b, kind);
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
          int leUnit = (hi << 8) | lo;
          int beUnit = (lo << 8) | hi;
          le.step(leUnit, PRINTABLE16[leUnit]);
          be.step(beUnit, PRINTABLE16[beUnit]);
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
        || (unit >= 0xFF01 && unit <= 0xFF5E)
        // mathematical letters (U+1D400 to U+1D7FF) as surrogate pairs: their high surrogate and
        // the low ones; the run keeps the pair, which the marking scanner reads as the letter
        || unit == 0xD835
        || (unit >= 0xDC00 && unit <= 0xDFFF);
  }

  /**
   * One run of printable characters, handed on as a line when it ends: if it is at least {@link
   * #MIN_RUN} characters long. A run longer than its buffer is handed on in pieces.
   */
  private static final class Run {
    private final Lines lines;
    private final char[] chars = new char[4096];
    private int len;

    /** {@link #MIN_RUN} once a piece of this run was handed on (it is long enough), else 0. */
    private int credit;

    Run(Lines lines) {
      this.lines = lines;
    }

    /** Adds one character (two for a supplementary code point). */
    void add(int cp) {
      if (cp < 0x10000) {
        chars[len++] = (char) cp;
      } else {
        len += Character.toChars(cp, chars, len);
      }
      if (len + 2 > chars.length) {
        spill();
      }
    }

    /**
     * Adds the unit {@code c} if {@code keep} is 1, else ends the run: without a branch on which
     * (random bytes would mispredict it every other byte); only a run that is long enough ending
     * branches.
     */
    void step(int c, int keep) {
      chars[len] = (char) c;
      // negative exactly when the run ends here (keep 0) and is long enough to hand on
      if (((keep - 1) & (MIN_RUN - 1 - len - credit)) < 0) {
        lines.write(chars, 0, len);
        lines.endLine();
        len = 0;
      }
      len = (len + 1) & -keep;
      credit &= -keep;
      if (len + 2 > chars.length) {
        spill();
      }
    }

    private void spill() {
      lines.write(chars, 0, len);
      len = 0;
      credit = MIN_RUN;
    }

    void end() {
      if (len + credit >= MIN_RUN) {
        lines.write(chars, 0, len);
        lines.endLine();
      }
      len = 0;
      credit = 0;
    }
  }
}
