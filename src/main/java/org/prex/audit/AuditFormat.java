package org.prex.audit;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * Writes events for records officers, in one of three formats:
 *
 * <ul>
 *   <li>{@code table}: aligned columns for a terminal (seq, time, type, lab, submission, item,
 *       agency, transfer, designation, plaintext SHA-256, reason); empty where a field is null;
 *       control and invisible format characters shown as escapes.
 *   <li>{@code csv}: RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or line
 *       break), a header row, every field; empty where null.
 *   <li>{@code json}: an array of objects, one per line, every field, null where null; times in
 *       ISO-8601 UTC.
 * </ul>
 */
public final class AuditFormat {
  /** The format names {@link #write} accepts. */
  public static final List<String> NAMES = List.of("table", "csv", "json");

  private AuditFormat() {}

  /**
   * Writes {@code events} to {@code out} in {@code format}; does not close {@code out}.
   *
   * @throws IllegalArgumentException for a format not in {@link #NAMES}
   */
  public static void write(List<AuditEvent> events, String format, PrintWriter out) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(out, "output");
    String name = format == null ? "" : format;
    switch (name) {
      case "table" -> TableFormat.write(events, out);
      case "csv" -> CsvFormat.write(events, out);
      case "json" -> JsonFormat.write(events, out);
      default ->
          throw new IllegalArgumentException(
              "Unknown audit format '" + name + "'; use one of: " + String.join(", ", NAMES));
    }
    out.flush();
  }

  /**
   * Writes events as they come, page by page, in {@code csv} or {@code json}: the same bytes {@link
   * #write} makes of all of them at once, without holding them all (an export of a whole log must
   * not need the heap to hold it).
   */
  public interface Stream {
    void add(List<AuditEvent> events);

    /** Ends the output (JSON's closing bracket); does not close the writer. */
    void finish();
  }

  /**
   * A {@link Stream} of {@code format} ({@code csv} or {@code json}) to {@code out}.
   *
   * @throws IllegalArgumentException for any other format
   */
  public static Stream stream(String format, PrintWriter out) {
    Objects.requireNonNull(out, "output");
    return switch (format == null ? "" : format) {
      case "csv" -> CsvFormat.stream(out);
      case "json" -> JsonFormat.stream(out);
      default ->
          throw new IllegalArgumentException(
              "Unknown streamed audit format '" + format + "'; use csv or json");
    };
  }
}
