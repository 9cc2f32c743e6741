package org.prex.review.document;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.prex.item.Ids;
import org.prex.text.Escapes;

/**
 * The rules the documents' constructors apply; each failure is an {@link IllegalArgumentException}
 * whose message starts with the field's name, which parsing turns into a {@link DocumentException}.
 */
final class Check {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern AGENCY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern NOTICE_ID = Pattern.compile("n-[a-z2-7]{26}");

  /** At most this many characters of a bad value appear in a message. */
  private static final int QUOTED = 40;

  private Check() {}

  /** A short, escaped rendering of a bad value for a message. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder shown = new StringBuilder("'");
    int i = 0;
    while (i < value.length() && shown.length() <= QUOTED) {
      int cp = value.codePointAt(i);
      shown.append(Escapes.controls(new String(Character.toChars(cp))));
      i += Character.charCount(cp);
    }
    return shown.append(i < value.length() ? "…'" : "'").toString();
  }

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return value;
  }

  /** An id of the project's shape (docs/formats.md) of one kind: 's', 'i' or 't'. */
  static String id(String field, String value, char kind) {
    present(field, value);
    if (!Ids.isId(value) || value.charAt(0) != kind) {
      throw new IllegalArgumentException(
          field
              + ": "
              + quote(value)
              + " is not a "
              + kind
              + "-… id ("
              + kind
              + "- and 26 of a-z2-7)");
    }
    return value;
  }

  static String noticeId(String field, String value) {
    present(field, value);
    if (!NOTICE_ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": " + quote(value) + " is not a notice id (n- and 26 of a-z2-7)");
    }
    return value;
  }

  static String agency(String field, String value) {
    present(field, value);
    if (!AGENCY.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": " + quote(value) + " is not an agency id (a-z, 0-9 and '-', up to 63)");
    }
    return value;
  }

  static String sha256(String field, String value) {
    present(field, value);
    if (!SHA256.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": " + quote(value) + " is not a sha256 (64 lower-case hex digits)");
    }
    return value;
  }

  /** Text without control or invisible characters, not blank, at most {@code max} characters. */
  static String text(String field, String value, int max) {
    present(field, value);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + ": empty");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + ": " + value.length() + " characters, more than " + max);
    }
    if (value.codePoints().anyMatch(Escapes::isUnsafe)) {
      throw new IllegalArgumentException(
          field + ": " + quote(value) + " holds a control or invisible character");
    }
    return value;
  }

  /** A non-empty list of items, no item twice. */
  static List<ItemHash> items(String field, List<ItemHash> items) {
    present(field, items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(field + ": empty (at least one item)");
    }
    return unique(field, items, ItemHash::item);
  }

  /** A non-empty list of transfer ids, none twice. */
  static List<String> transfers(String field, List<String> transfers) {
    present(field, transfers);
    if (transfers.isEmpty()) {
      throw new IllegalArgumentException(field + ": empty (at least one transfer)");
    }
    return transfersMaybeEmpty(field, transfers);
  }

  static List<String> transfersMaybeEmpty(String field, List<String> transfers) {
    present(field, transfers);
    for (int i = 0; i < transfers.size(); i++) {
      id(field + "[" + i + "]", transfers.get(i), 't');
    }
    return unique(field, transfers, t -> t);
  }

  static <T> List<T> unique(
      String field, List<T> list, java.util.function.Function<T, String> key) {
    Set<String> seen = new HashSet<>();
    for (T t : list) {
      if (t == null) {
        throw new IllegalArgumentException(field + ": a null entry");
      }
      if (!seen.add(key.apply(t))) {
        throw new IllegalArgumentException(field + ": " + quote(key.apply(t)) + " listed twice");
      }
    }
    return List.copyOf(list);
  }
}
