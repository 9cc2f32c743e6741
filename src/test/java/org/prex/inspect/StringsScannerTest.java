package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.prex.markings.Found;
import org.prex.markings.MarkingScanner;

/**
 * The strings scan finds exactly the runs a plain, obviously slow decoder finds, in each of its
 * five decodings, whatever the bytes and however they are split into reads.
 */
class StringsScannerTest {

  /** Collects the lines of one decoding. */
  private static final class Collected implements StringsScanner.Lines {
    final List<String> lines = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();

    @Override
    public void write(char[] c, int off, int len) {
      line.append(c, off, len);
    }

    @Override
    public void endLine() {
      lines.add(line.toString());
      line.setLength(0);
    }
  }

  /** The scanner's lines: UTF-8, then UTF-16 LE at even and odd offsets, then BE likewise. */
  private static List<List<String>> scanned(InputStream in) throws IOException {
    List<Collected> all = new ArrayList<>();
    StringsScanner.scan(
        in,
        () -> {
          Collected c = new Collected();
          all.add(c);
          return c;
        });
    return all.stream().map(c -> c.lines).toList();
  }

  // ------------------------------------------------------------------ the reference decoders

  private static void endRun(StringBuilder run, List<String> out) {
    if (run.length() >= StringsScanner.MIN_RUN) {
      out.add(run.toString());
    }
    run.setLength(0);
  }

  private static List<String> referenceUtf8(byte[] b) {
    List<String> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < b.length) {
      int x = b[i] & 0xFF;
      if (x >= 0x20 && x < 0x7F || x == '\t' || x == '\n' || x == '\r') {
        run.append((char) x);
        i++;
        continue;
      }
      int len =
          x >= 0xC2 && x <= 0xDF ? 2 : x >= 0xE0 && x <= 0xEF ? 3 : x >= 0xF0 && x <= 0xF4 ? 4 : 0;
      if (len == 0) {
        endRun(run, out);
        i++;
        continue;
      }
      int cp = x & (0xFF >> (len + 1));
      int j = i + 1;
      while (j < i + len && j < b.length && (b[j] & 0xC0) == 0x80) {
        cp = (cp << 6) | (b[j] & 0x3F);
        j++;
      }
      if (j < i + len) { // broken off (or the end): the byte at j starts afresh
        endRun(run, out);
        i = j;
        continue;
      }
      boolean overlong = len == 3 && cp < 0x800 || len == 4 && cp < 0x10000;
      if (StringsScanner.printable(cp) && !overlong) {
        run.appendCodePoint(cp);
      } else {
        endRun(run, out);
      }
      i = j;
    }
    endRun(run, out);
    return out;
  }

  private static List<String> referenceUtf16(byte[] b, boolean littleEndian, int align) {
    List<String> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (int i = align; i + 1 < b.length; i += 2) {
      int lo = b[i] & 0xFF;
      int hi = b[i + 1] & 0xFF;
      int unit = littleEndian ? (hi << 8) | lo : (lo << 8) | hi;
      if (StringsScanner.printable16(unit)) {
        run.append((char) unit);
      } else {
        endRun(run, out);
      }
    }
    endRun(run, out);
    return out;
  }

  private static List<List<String>> reference(byte[] b) {
    return List.of(
        referenceUtf8(b),
        referenceUtf16(b, true, 0),
        referenceUtf16(b, true, 1),
        referenceUtf16(b, false, 0),
        referenceUtf16(b, false, 1));
  }

  /** Hands out the bytes in reads of random sizes, so runs and sequences cross every boundary. */
  private static InputStream choppy(byte[] b, long seed) {
    Random r = new Random(seed);
    return new ByteArrayInputStream(b) {
      @Override
      public synchronized int read(byte[] buf, int off, int len) {
        return super.read(buf, off, Math.min(len, 1 + r.nextInt(5000)));
      }
    };
  }

  private static byte[] content(String kind, int size, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    switch (kind) {
      case "random" -> r.nextBytes(b);
      case "mostly-text" -> {
        // printable ASCII with UTF-8 letters, broken sequences and controls sprinkled in
        byte[] word =
            "Ab Сd é ΣECRЕT//NF 中 \uD83D\uDE00 z \uD835\uDC12\uD835\uDC04"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
          int p = r.nextInt(100);
          b[i] =
              p < 85
                  ? word[r.nextInt(word.length)]
                  : p < 95 ? (byte) (0x20 + r.nextInt(95)) : (byte) r.nextInt(256);
        }
      }
      case "utf16" -> {
        byte[] text =
            "Model card ΣECRET//NOFORN Привет (CUI//SP-PROPIN) "
                .repeat(size / 50 + 1)
                .getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        System.arraycopy(text, 0, b, 0, size);
        for (int i = 0; i < size / 500; i++) {
          b[r.nextInt(size)] = (byte) r.nextInt(256);
        }
      }
      case "long-runs" -> {
        // runs far longer than the scanner's buffer, in every decoding, with a break now and then
        for (int i = 0; i < size; i++) {
          b[i] = (byte) ('a' + (i % 26));
          if (r.nextInt(20_000) == 0) {
            b[i] = 0;
          }
        }
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"random", "mostly-text", "utf16", "long-runs"})
  void everyDecoding_findsTheReferenceRuns_acrossReadsOfAnySize(String kind) throws Exception {
    for (int seed = 0; seed < 4; seed++) {
      // one buffer and a bit, then several: the two threads' buffers and batches take turns
      int size = seed < 2 ? 300_000 + seed : 3 * StringsScanner.BUFFER + 1_234 + seed;
      byte[] b = content(kind, size, seed);
      List<List<String>> expected = reference(b);
      assertEquals(expected, scanned(new ByteArrayInputStream(b)), kind + " seed " + seed);
      assertEquals(expected, scanned(choppy(b, seed)), kind + " seed " + seed + ", choppy reads");
    }
  }

  /** The classified markings the marking scanner finds in the strings scan of {@code content}. */
  private static List<String> classifiedIn(byte[] content) throws IOException {
    MarkingScanner markings = new MarkingScanner(Map.of());
    Found found = new Found();
    StringsScanner.scan(
        new ByteArrayInputStream(content),
        () -> StringsScanner.Lines.of(markings.stringsSink(found, Found.ITEM)));
    return found.markings().classified();
  }

  /** The marking scanner, fed by the strings scan of {@code content}, finds SECRET//NOFORN. */
  private static void assertFoundAsSecretNoforn(byte[] content) throws IOException {
    List<String> classified = classifiedIn(content);
    assertTrue(
        classified.stream().anyMatch(m -> m.startsWith("SECRET//NOFORN")), classified.toString());
  }

  @Test
  void supplementaryLettersInUtf8_acrossTheBufferEdge_matchTheReference() throws Exception {
    byte[] text =
        "x\uD835\uDC12\uD835\uDC04CRET//NOFORN \uD83D\uDE00 \uD835\uDC13 yz"
            .getBytes(StandardCharsets.UTF_8);
    Random r = new Random(7);
    for (int at = StringsScanner.BUFFER - 12; at <= StringsScanner.BUFFER + 2; at++) {
      byte[] b = new byte[StringsScanner.BUFFER + 4_000];
      r.nextBytes(b);
      System.arraycopy(text, 0, b, at, text.length);
      assertEquals(reference(b), scanned(new ByteArrayInputStream(b)), "text at " + at);
    }
    assertFoundAsSecretNoforn(text);
  }

  @Test
  void aSinkThatFails_failsTheScan_andTheOtherThreadIsDoneBeforeItReturns() throws Exception {
    // UTF-16 text for the helper thread's readings, with ASCII lines for the failing UTF-8 sink
    ByteArrayOutputStream mixed = new ByteArrayOutputStream();
    while (mixed.size() < 3 * StringsScanner.BUFFER) {
      mixed.writeBytes("Model card SECRET//NOFORN \u0000".getBytes(StandardCharsets.UTF_16LE));
      mixed.writeBytes(ascii("an ASCII run\u0000"));
    }
    byte[] b = mixed.toByteArray();
    java.util.concurrent.atomic.AtomicLong wide = new java.util.concurrent.atomic.AtomicLong();
    int[] made = {0};
    StringsScanner.Lines failing =
        new StringsScanner.Lines() {
          @Override
          public void write(char[] c, int off, int len) {
            throw new IllegalStateException("sink failed");
          }

          @Override
          public void endLine() {
            throw new IllegalStateException("sink failed");
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                StringsScanner.scan(
                    new ByteArrayInputStream(b),
                    () ->
                        made[0]++ == 0
                            ? failing
                            : new StringsScanner.Lines() {
                              @Override
                              public void write(char[] c, int off, int len) {
                                wide.incrementAndGet();
                              }

                              @Override
                              public void endLine() {
                                wide.incrementAndGet();
                              }
                            }));
    assertEquals("sink failed", e.getMessage());
    long atReturn = wide.get();
    Thread.sleep(100);
    assertEquals(atReturn, wide.get(), "the UTF-16 readings went on after the scan failed");
  }

  @Test
  void aPortionMarkOpenAtARunsEnd_countsInBinaryOnlyWithAKnownControl() throws Exception {
    byte[] nul = {0, 1, (byte) 0xFF};
    // random bytes end a run with "(C//" about once in 3 GiB: that alone is not a marking
    assertEquals(List.of(), classifiedIn(concat(nul, ascii("xq(C//"), nul, ascii("Zk(S//"), nul)));
    assertEquals(List.of("(S//NF"), classifiedIn(concat(nul, ascii("(S//NF"), nul)));
    assertEquals(List.of("(C//REL TO USA)"), classifiedIn(concat(nul, ascii("(C//REL TO USA)"))));
    // text in binary keeps its lines: controls wrapped onto the next line still count
    assertEquals(
        List.of("(S//"), classifiedIn(concat(nul, ascii("Table 3 (S//\nNF) refusal rates"), nul)));
    assertEquals(
        List.of("(S//FISA"), classifiedIn(concat(nul, ascii("eval log 17 (S//FISA"), nul)));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  @Test
  void aLookAlikeMarkingInUtf8_staysOneRun_andIsFoundInBinaryContent() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0, 1, 2, (byte) 0xFF});
    // a Cyrillic Е in SECRET: two bytes in UTF-8, which used to end the run before it
    b.write("SECR\u0415T//NOFORN".getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {0, 1, 2, (byte) 0xFF});
    assertEquals(
        List.of("SECR\u0415T//NOFORN"), scanned(new ByteArrayInputStream(b.toByteArray())).get(0));

    assertFoundAsSecretNoforn(b.toByteArray());
  }

  @Test
  void mathematicalLettersInUtf16_stayInTheRun_andReadAsTheMarking() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0, 0, 1, 2});
    // SECRET in mathematical bold capitals: surrogate pairs in UTF-16
    b.write(
        "\uD835\uDC12\uD835\uDC04\uD835\uDC02\uD835\uDC11\uD835\uDC04\uD835\uDC13//NOFORN"
            .getBytes(StandardCharsets.UTF_16LE));
    b.write(new byte[] {0, 0, 1, 2});
    assertFoundAsSecretNoforn(b.toByteArray());
  }

  @Test
  void aRunLongerThanTheBuffer_inOneDecoding_isNotMixedWithAnotherDecodingsRuns() throws Exception {
    // 10,000 UTF-16LE letters: its BE reading at the same offsets makes short runs meanwhile
    String text = "x".repeat(5_000) + "SECRET//NOFORN" + "y".repeat(5_000);
    byte[] b = text.getBytes(StandardCharsets.UTF_16LE);
    List<List<String>> lines = scanned(new ByteArrayInputStream(b));
    assertEquals(List.of(text), lines.get(1), "UTF-16LE at even offsets: the whole text, one line");
  }
}
