package org.prex.audit;

import java.io.PrintWriter;
import java.util.List;
import org.prex.text.Escapes;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, quoting only where a field needs it. CSV has no
 * escapes of its own, and spreadsheets and terminals show what it holds: control and bidi
 * characters in a field are written as {@code \n}, {@code \u202e}… (as in the table).
 */
final class CsvFormat {
  private static final String CRLF = "\r\n";

  private CsvFormat() {}

  static void write(List<AuditEvent> events, PrintWriter out) {
    AuditFormat.Stream s = stream(out);
    s.add(events);
    s.finish();
  }

  /** The header now, then each page of rows as it comes. */
  static AuditFormat.Stream stream(PrintWriter out) {
    Field[] columns = Field.values();
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      header.append(i == 0 ? "" : ",").append(columns[i].key);
    }
    out.print(header.append(CRLF));
    return new AuditFormat.Stream() {
      @Override
      public void add(List<AuditEvent> events) {
        StringBuilder line = new StringBuilder();
        for (AuditEvent e : events) {
          line.setLength(0);
          for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
              line.append(',');
            }
            field(line, columns[i].of(e));
          }
          out.print(line.append(CRLF));
        }
      }

      @Override
      public void finish() {
        out.flush();
      }
    };
  }

  private static void field(StringBuilder line, String raw) {
    if (raw == null) {
      return;
    }
    String value = Escapes.controls(raw);
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\r') >= 0
            || value.indexOf('\n') >= 0;
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"').append(value.replace("\"", "\"\"")).append('"');
  }
}
