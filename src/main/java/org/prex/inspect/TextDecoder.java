package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.prex.markings.TextSink;

/**
 * Reads a text file as text, whatever its encoding: a byte-order mark decides; without one, the
 * pattern of zero bytes in the first 64 KiB tells UTF-32 and UTF-16 (either byte order) apart;
 * otherwise UTF-8 when the head is valid UTF-8, else ISO-8859-1, which maps every byte to a
 * character, so the ASCII letters of a marking are seen in any ASCII-compatible encoding.
 */
final class TextDecoder {
  private static final int HEAD = 64 * 1024;
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

  private TextDecoder() {}

  /** The encoding {@code file} is in, or null when it does not look like text at all. */
  static Charset sniff(Path file, boolean mustBeText) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD);
    }
    int n = head.length;
    if (n >= 4
        && (head[0] & 0xFF) == 0xFF
        && (head[1] & 0xFF) == 0xFE
        && head[2] == 0
        && head[3] == 0) {
      return UTF_32LE;
    }
    if (n >= 4
        && head[0] == 0
        && head[1] == 0
        && (head[2] & 0xFF) == 0xFE
        && (head[3] & 0xFF) == 0xFF) {
      return UTF_32BE;
    }
    if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    if (n >= 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (n >= 8) {
      int[] zeros = new int[4];
      int whole = n & ~3;
      for (int i = 0; i < whole; i++) {
        if (head[i] == 0) {
          zeros[i & 3]++;
        }
      }
      int quads = whole / 4;
      if (zeros[1] > quads * 0.9
          && zeros[2] > quads * 0.9
          && zeros[3] > quads * 0.9
          && zeros[0] < quads * 0.5) {
        return UTF_32LE;
      }
      if (zeros[0] > quads * 0.9
          && zeros[1] > quads * 0.9
          && zeros[2] > quads * 0.9
          && zeros[3] < quads * 0.5) {
        return UTF_32BE;
      }
      int pairs = whole / 2;
      int evenZeros = zeros[0] + zeros[2];
      int oddZeros = zeros[1] + zeros[3];
      if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) {
        return StandardCharsets.UTF_16LE;
      }
      if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) {
        return StandardCharsets.UTF_16BE;
      }
    }
    if (validUtf8(head)) {
      return StandardCharsets.UTF_8;
    }
    return mustBeText ? StandardCharsets.ISO_8859_1 : null;
  }

  /** Decodes the whole file into {@code sink}; returns the characters read. */
  static long decode(Path file, Charset charset, TextSink sink) throws IOException {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    long total = 0;
    try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
      char[] buf = new char[1 << 16];
      int n;
      while ((n = r.read(buf)) > 0) {
        sink.write(buf, 0, n);
        total += n;
      }
    }
    sink.endLine();
    return total;
  }

  /** Valid UTF-8, allowing a sequence cut off by the end of the head. */
  private static boolean validUtf8(byte[] head) {
    int end = head.length;
    // do not judge a multi-byte sequence cut by the 64 KiB boundary
    for (int back = 1; back <= 3 && end - back >= 0; back++) {
      if ((head[end - back] & 0xC0) == 0xC0) {
        end -= back;
        break;
      }
      if ((head[end - back] & 0x80) == 0) {
        break;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Arrays.copyOf(head, end)));
      for (int i = 0; i < end; i++) {
        if (head[i] == 0) {
          return false;
        }
      }
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
