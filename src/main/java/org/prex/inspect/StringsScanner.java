package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
   * 1 for a byte that is the high byte of some printable16 unit (a few in 256): most units of
   * binary content are ruled out by this small table before the large one is looked at.
   */
  private static final byte[] HIGH16 = new byte[256];

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
      HIGH16[u >>> 8] |= PRINTABLE16[u];
    }
    for (int b = 0; b < 256; b++) {
      KIND8[b] =
          (byte)
              (b >= 0x20 && b < 0x7F || b == '\t' || b == '\n' || b == '\r'
                  ? ASCII
                  : b >= 0xC2 && b <= 0xF4 ? (b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2) : BREAK);
    }
  }

  /** Where the runs of one decoding go, each as one line: written in one or more pieces, ended. */
  interface Lines {
    void write(char[] c, int off, int len);

    void endLine();

    /** A whole line at once: as {@code write} then {@code endLine}. */
    default void line(char[] c, int off, int len) {
      write(c, off, len);
      endLine();
    }

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

        @Override
        public void line(char[] c, int off, int len) {
          sink.line(c, off, len);
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
    Lines narrow = lines.get();
    Utf16 utf16 =
        new Utf16(
            new Run(lines.get()), new Run(lines.get()), new Run(lines.get()), new Run(lines.get()));
    byte[] buf = new byte[BUFFER + 1];
    int n = in.readNBytes(buf, 1, BUFFER);
    if (n == BUFFER && Runtime.getRuntime().availableProcessors() > 1) {
      return scanOnTwoThreads(in, buf, n, narrow, utf16);
    }
    Utf8 utf8 = new Utf8(new Run(narrow));
    for (; n > 0; n = in.readNBytes(buf, 1, BUFFER)) {
      utf8.scan(buf, 1, n + 1);
      utf16.scan(buf, n);
    }
    utf8.run.end();
    utf16.end();
    return utf16.pos;
  }

  /**
   * Large content on two threads. This one reads a buffer and decodes its UTF-8 into a batch of
   * lines; a helper then takes the buffer's four UTF-16 readings and hands the batch's lines to the
   * UTF-8 sink, while this thread goes on with the next buffer. Two buffers and two batches take
   * turns, so each decoding's lines reach its sink whole and in order. When either thread fails,
   * the helper is done with the buffers and the sinks before the scan fails.
   */
  private static long scanOnTwoThreads(
      InputStream in, byte[] first, int firstRead, Lines narrow, Utf16 utf16) throws IOException {
    byte[][] bufs = {first, new byte[BUFFER + 1]};
    Batch[] batches = {new Batch(), new Batch()};
    Run run = new Run(batches[0]);
    Utf8 utf8 = new Utf8(run);
    Future<?> helper = null;
    try {
      int k = 0;
      for (int n = firstRead; n > 0; ) {
        byte[] buf = bufs[k & 1];
        Batch batch = batches[k & 1];
        batch.clear(); // handed on by the helper before last, which was awaited
        run.lines = batch;
        utf8.scan(buf, 1, n + 1);
        if (helper != null) {
          Future<?> previous = helper;
          helper = null;
          await(previous); // the other buffer and batch are free again
        }
        int read = n;
        helper =
            HELPERS.submit(
                () -> {
                  utf16.scan(buf, read);
                  batch.replay(narrow);
                });
        k++;
        n = in.readNBytes(bufs[k & 1], 1, BUFFER);
      }
      Future<?> last = helper;
      helper = null;
      await(last);
    } catch (IOException | RuntimeException | Error e) {
      if (helper != null) {
        try {
          await(helper);
        } catch (IOException | RuntimeException | Error failed) {
          e.addSuppressed(failed);
        }
      }
      throw e;
    }
    run.lines = narrow; // every batch is handed on: the last run goes straight to the sink
    run.end();
    utf16.end();
    return utf16.pos;
  }

  /**
   * The lines of one buffer's UTF-8 reading, kept in order to be handed on by the helper thread:
   * the characters in one array, and per call its kind, start and length.
   */
  private static final class Batch implements Lines {
    private static final int WRITE = 0;
    private static final int LINE = 1;
    private static final int END = 2;

    private char[] chars = new char[1 << 16];
    private int used;
    private int[] calls = new int[3 << 12];
    private int count;

    @Override
    public void write(char[] c, int off, int len) {
      add(WRITE, c, off, len);
    }

    @Override
    public void line(char[] c, int off, int len) {
      add(LINE, c, off, len);
    }

    @Override
    public void endLine() {
      call(END, 0, 0);
    }

    private void add(int kind, char[] c, int off, int len) {
      if (used + len > chars.length) {
        chars = java.util.Arrays.copyOf(chars, Math.max(2 * chars.length, used + len));
      }
      System.arraycopy(c, off, chars, used, len);
      call(kind, used, len);
      used += len;
    }

    private void call(int kind, int start, int len) {
      if (count + 3 > calls.length) {
        calls = java.util.Arrays.copyOf(calls, 2 * calls.length);
      }
      calls[count++] = kind;
      calls[count++] = start;
      calls[count++] = len;
    }

    void replay(Lines to) {
      for (int i = 0; i < count; i += 3) {
        switch (calls[i]) {
          case WRITE -> to.write(chars, calls[i + 1], calls[i + 2]);
          case LINE -> to.line(chars, calls[i + 1], calls[i + 2]);
          default -> to.endLine();
        }
      }
    }

    void clear() {
      used = 0;
      count = 0;
    }
  }

  /** Bytes read at a time; content of at least this much is scanned on two threads. */
  static final int BUFFER = 1 << 18;

  /**
   * Threads that take the UTF-16 readings of a large scan while the caller takes UTF-8: the scan is
   * bound by the CPU, and a large unknown binary is read by one inspection alone.
   */
  private static final ExecutorService HELPERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "prex-strings-utf16");
            t.setDaemon(true);
            return t;
          });

  private static void await(Future<?> wide) throws IOException {
    try {
      wide.get();
    } catch (InterruptedException e) {
      wide.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while scanning for strings");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException("the UTF-16 strings scan failed", cause);
    }
  }

  /** The four UTF-16 readings, whose state carries from one buffer to the next. */
  private static final class Utf16 {
    private final Run[] runs; // LE even, LE odd, BE even, BE odd
    private int carry = -1; // the last byte of the previous buffer, for pairs across the boundary
    long pos; // bytes before this buffer

    Utf16(Run... runs) {
      this.runs = runs;
    }

    /** The units in {@code buf[1..n]}, with the previous buffer's last byte. */
    void scan(byte[] buf, int n) {
      // units start at even or odd file offsets; buf[0] holds the previous buffer's last byte,
      // so a unit across the boundary is read whole
      int start = 1;
      if (carry >= 0) {
        buf[0] = (byte) carry;
        start = 0;
      }
      for (int align = 0; align < 2; align++) {
        // first index i (in buf) whose file offset pos + i - 1 has parity align
        int first = (int) ((pos - 1 + start) & 1) == align ? start : start + 1;
        scanUtf16(buf, first, n, runs[align], false);
        scanUtf16(buf, first, n, runs[2 + align], true);
      }
      carry = buf[n] & 0xFF;
      pos += n;
    }

    void end() {
      for (Run r : runs) {
        r.end();
      }
    }
  }

  /**
   * The ASCII / UTF-8 decoding, whose state carries from one buffer to the next. Its hot loop keeps
   * the run's length in locals (a field written and read back every byte costs more than the rest);
   * a printable ASCII byte takes a branch-free step, a multi-byte sequence the slow path.
   */
  private static final class Utf8 {
    final Run run;
    private int need; // continuation bytes still expected
    private int cp;
    private int seqLen;

    Utf8(Run run) {
      this.run = run;
    }

    void scan(byte[] buf, int from, int to) {
      char[] chars = run.chars;
      int len = run.len;
      int credit = run.credit;
      int need = this.need;
      int cp = this.cp;
      int seqLen = this.seqLen;
      for (int i = from; i < to; i++) {
        int b = buf[i] & 0xFF;
        if (need > 0) {
          if ((b & 0xC0) == 0x80) {
            cp = (cp << 6) | (b & 0x3F);
            if (--need == 0) {
              run.len = len;
              run.credit = credit;
              if (printable(cp) && !(seqLen == 3 && cp < 0x800) && !(seqLen == 4 && cp < 0x10000)) {
                run.add(cp);
              } else {
                run.end();
              }
              len = run.len;
              credit = run.credit;
            }
            continue;
          }
          need = 0;
          // a sequence broken off: the run ends, this byte starts afresh
          run.len = len;
          run.credit = credit;
          run.end();
          len = 0;
          credit = 0;
        }
        int kind = KIND8[b];
        if (kind > ASCII) {
          seqLen = kind;
          need = kind - 1;
          cp = b & (0xFF >> (kind + 1));
          continue;
        }
        // the step, branch-free: keep is 1 (the byte continues the run) or 0 (it ends it); only a
        // run long enough to hand on, ending, branches
        chars[len] = (char) b;
        if (((kind - 1) & (MIN_RUN - 1 - len - credit)) < 0) {
          run.emit(len);
          len = 0;
        }
        len = (len + 1) & -kind;
        credit &= -kind;
        if (len + 2 > chars.length) {
          run.emit(len, false);
          len = 0;
          credit = MIN_RUN;
        }
      }
      run.len = len;
      run.credit = credit;
      this.need = need;
      this.cp = cp;
      this.seqLen = seqLen;
    }
  }

  /**
   * How far ahead of a unit the scan looks when no run is open: the unit that would be the {@link
   * #MIN_RUN}th of a run starting there. If it is not printable, no run long enough to hand on
   * starts at this unit or any up to it, and the scan goes on after it; most units of binary
   * content are not printable, so most are never looked at.
   */
  private static final int AHEAD16 = 2 * (MIN_RUN - 1);

  /**
   * One alignment's UTF-16 units in one byte order, from {@code buf[first]} while a whole unit is
   * left before {@code buf[last]} inclusive. The runs handed on are those of reading every unit in
   * turn; while no run is open, it skips ahead ({@link #AHEAD16}).
   */
  private static void scanUtf16(byte[] buf, int first, int last, Run run, boolean bigEndian) {
    char[] chars = run.chars;
    int len = run.len;
    int hiAt = bigEndian ? 0 : 1;
    int loAt = 1 - hiAt;
    int i = first;
    while (i + 1 <= last) {
      if (len == 0 && run.credit == 0 && i + AHEAD16 + 1 <= last) {
        int j = i + AHEAD16;
        int hi = buf[j + hiAt] & 0xFF;
        if (HIGH16[hi] == 0 || PRINTABLE16[(hi << 8) | (buf[j + loAt] & 0xFF)] == 0) {
          i = j + 2;
          continue;
        }
      }
      int hi = buf[i + hiAt] & 0xFF;
      int unit = (hi << 8) | (buf[i + loAt] & 0xFF);
      if (HIGH16[hi] != 0 && PRINTABLE16[unit] != 0) {
        chars[len++] = (char) unit;
        if (len + 2 > chars.length) {
          run.emit(len, false);
          len = 0;
          run.credit = MIN_RUN;
        }
      } else if (len + run.credit != 0) {
        run.len = len;
        run.end();
        len = 0;
      }
      i += 2;
    }
    run.len = len;
  }

  /** Letters and signs a marking can be written with, in any of its disguises. */
  static boolean printable(int cp) {
    if (cp < 0x80) {
      // line breaks stay in the run: the marking scanner splits it there and reads each line as a
      // line of text (a portion mark's controls may wrap onto the next)
      return (cp >= 0x20 && cp < 0x7F) || cp == '\t' || cp == '\n' || cp == '\r';
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
    private Lines lines;
    final char[] chars = new char[4096];
    int len;

    /** {@link #MIN_RUN} once a piece of this run was handed on (it is long enough), else 0. */
    int credit;

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

    /** Hands on the run's first {@code n} characters as a whole line. */
    void emit(int n) {
      emit(n, true);
    }

    /** Hands on the run's first {@code n} characters, ending the line or (a long run) not yet. */
    void emit(int n, boolean endLine) {
      if (endLine) {
        lines.line(chars, 0, n);
      } else {
        lines.write(chars, 0, n);
      }
    }

    private void spill() {
      lines.write(chars, 0, len);
      len = 0;
      credit = MIN_RUN;
    }

    void end() {
      if (len + credit >= MIN_RUN) {
        emit(len, true);
      }
      len = 0;
      credit = 0;
    }
  }
}
