package org.prex.audit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.prex.text.Escapes;

/** Aligned columns for a terminal; the last column (reason) runs to the end of the line. */
final class TableFormat {
  private static final List<Field> COLUMNS =
      List.of(
          Field.SEQ,
          Field.TIME,
          Field.TYPE,
          Field.LAB,
          Field.SUBMISSION,
          Field.ITEM,
          Field.AGENCY,
          Field.TRANSFER,
          Field.DESIGNATION,
          Field.SHA256_PLAIN,
          Field.POLICY,
          Field.ACTOR,
          Field.REASON);
  private static final String GAP = "  ";

  private TableFormat() {}

  static void write(List<AuditEvent> events, PrintWriter out) {
    List<String[]> rows = new ArrayList<>(events.size() + 1);
    String[] header = new String[COLUMNS.size()];
    for (int i = 0; i < header.length; i++) {
      header[i] = COLUMNS.get(i).heading;
    }
    rows.add(header);
    for (AuditEvent e : events) {
      String[] row = new String[COLUMNS.size()];
      for (int i = 0; i < row.length; i++) {
        String v = COLUMNS.get(i).of(e);
        row[i] = v == null ? "" : Escapes.controls(v);
      }
      rows.add(row);
    }
    int[] widths = new int[COLUMNS.size()];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean last = i == row.length - 1;
        int pad = widths[i] - row[i].codePointCount(0, row[i].length());
        if (COLUMNS.get(i) == Field.SEQ) {
          line.append(" ".repeat(pad)).append(row[i]);
        } else {
          line.append(row[i]);
          if (!last) {
            line.append(" ".repeat(pad));
          }
        }
        if (!last) {
          line.append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
