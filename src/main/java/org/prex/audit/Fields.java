package org.prex.audit;

import java.util.Locale;
import java.util.regex.Pattern;
import org.prex.text.Escapes;

/** Checks for the text fields of an event; messages name the field and what is allowed. */
final class Fields {
  /** Longest identifier (lab, submission, item, agency, transfer, key fingerprint). */
  static final int MAX_ID = 200;

  static final int MAX_DESIGNATION = 500;
  static final int MAX_REASON = 10_000;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private Fields() {}

  /** An identifier: null, or 1..200 characters without control characters. */
  static String id(String field, String value) {
    return line(field, value, MAX_ID);
  }

  static String designation(String value) {
    return line("designation", value, MAX_DESIGNATION);
  }

  /** Free text: null, or 1..10,000 characters of well-formed Unicode (line breaks allowed). */
  static String reason(String value) {
    if (value == null) {
      return null;
    }
    nonEmpty("reason", value, MAX_REASON);
    wellFormed("reason", value);
    return value;
  }

  /** A SHA-256 digest as 64 hex digits; upper case is accepted and stored as lower case. */
  static String sha256(String field, String value) {
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(lower).matches()) {
      throw new IllegalArgumentException(
          "Invalid " + field + " '" + printable(value) + "'; expected 64 hex digits (a SHA-256)");
    }
    return lower;
  }

  private static String line(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    nonEmpty(field, value, max);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "Invalid " + field + " '" + printable(value) + "'; control characters are not allowed");
      }
    }
    wellFormed(field, value);
    return value;
  }

  private static void nonEmpty(String field, String value, int max) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": blank; leave it null when there is none");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": " + value.length() + " characters; at most " + max);
    }
  }

  /** Rejects unpaired surrogates: they have no UTF-8 encoding, so no canonical form. */
  private static void wellFormed(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "Invalid " + field + ": unpaired UTF-16 surrogate at index " + i);
      }
    }
  }

  /** The value as it may appear in a message: control characters escaped, long values cut. */
  static String printable(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return Escapes.controls(cut);
  }
}
