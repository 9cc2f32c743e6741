package org.prex.audit.verify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * A checkpoint of the transfer log in the C2SP tlog-checkpoint note text form (c2sp.org/
 * tlog-checkpoint): the origin line, the tree size in decimal, the standard-base64 RFC 9162 root
 * hash, then one extension line {@code time <UTC instant>}, each line ended by a newline. Example:
 *
 * <pre>
 * prex.example/transfer-log
 * 1234
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * time 2026-11-26T21:30:00.123Z
 * </pre>
 *
 * <p>prex signs this text with an OpenPGP cleartext signature by the exchange key, instead of the
 * signed-note signature lines, so that {@code gpg --verify} checks it. docs/audit-log.md describes
 * the format.
 */
public record Checkpoint(String origin, long size, byte[] root, Instant time) {
  /** The origin line prex writes. */
  public static final String ORIGIN = "prex.example/transfer-log";

  /** The time extension's form: UTC, exactly three fraction digits, as events' times. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(time, "time");
    if (origin.isBlank() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
    }
    if (size < 0 || root.length != 32) {
      throw new IllegalArgumentException("a checkpoint needs a size ≥ 0 and a 32-byte root hash");
    }
  }

  /** The note text, each line ended by a newline. */
  public String text() {
    return origin
        + "\n"
        + size
        + "\n"
        + Base64.getEncoder().encodeToString(root)
        + "\ntime "
        + TIME.format(time)
        + "\n";
  }

  /**
   * Parses a checkpoint's note text.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Checkpoint parse(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException(
          "not a checkpoint: expected origin, size and root hash lines, each ended by a newline");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint size '" + lines[1] + "' is not a number");
    }
    if (size < 0 || !String.valueOf(size).equals(lines[1])) {
      throw new IllegalArgumentException("checkpoint size '" + lines[1] + "' is not canonical");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint root hash is not base64");
    }
    if (root.length != 32) {
      throw new IllegalArgumentException("checkpoint root hash is not 32 bytes");
    }
    Instant time = Instant.EPOCH;
    for (int i = 3; i < lines.length - 1; i++) {
      if (lines[i].startsWith("time ")) {
        try {
          time = Instant.parse(lines[i].substring(5));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("checkpoint time '" + lines[i] + "' is not a time");
        }
      }
    }
    return new Checkpoint(lines[0], size, root, time);
  }

  /**
   * The checkpoint inside a clear-signed text, without checking the signature.
   *
   * @throws IllegalArgumentException if it is not a clear-signed checkpoint
   */
  public static Checkpoint parseSigned(String signed) {
    int start = signed.indexOf("\n\n");
    int end = signed.indexOf("-----BEGIN PGP SIGNATURE-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a clear-signed checkpoint");
    }
    return parse(signed.substring(start + 2, end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.text().equals(text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
