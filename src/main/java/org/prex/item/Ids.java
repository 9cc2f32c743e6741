package org.prex.item;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Opaque identifiers for submissions, items, transfers, notices and findings: a letter for the
 * kind, then 128 random bits in base32. They say nothing about the lab, the model or a file name,
 * so they may appear in paths and log lines.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Ids() {}

  public static String submission() {
    return next('s');
  }

  public static String item() {
    return next('i');
  }

  public static String transfer() {
    return next('t');
  }

  /**
   * An agency's findings (docs/review-cycle.md): its own id, which is also the transfer id of the
   * package the lab gets.
   */
  public static String finding() {
    return next('f');
  }

  /**
   * A notice's id (docs/review-cycle.md): derived from what it is about, so that a notice made
   * again after a stop has the id it had, and is sent once.
   */
  public static String notice(String... about) {
    java.security.MessageDigest d = Sha256.newDigest();
    for (String part : about) {
      d.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.update((byte) 0);
    }
    return encode('n', java.util.Arrays.copyOf(d.digest(), 16));
  }

  private static String next(char kind) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return encode(kind, bytes);
  }

  private static String encode(char kind, byte[] bytes) {
    StringBuilder sb = new StringBuilder().append(kind).append('-');
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** Whether text has the shape of an id this class makes (used before turning one into a path). */
  public static boolean isId(String text) {
    return text != null && text.matches("[sitnf]-[a-z2-7]{26}");
  }
}
