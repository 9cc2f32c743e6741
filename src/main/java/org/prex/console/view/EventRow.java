package org.prex.console.view;

import org.prex.audit.AuditEvent;
import org.prex.audit.CanonicalEvent;

/** One event as a table row shows it: every field as text, "" for none. */
public record EventRow(
    long seq,
    String time,
    String type,
    String lab,
    String submission,
    String item,
    String agency,
    String transfer,
    String designation,
    String reason,
    String actor) {

  public static EventRow of(AuditEvent e) {
    return new EventRow(
        e.seq(),
        CanonicalEvent.time(e.time()),
        e.type().name(),
        text(e.lab()),
        text(e.submission()),
        text(e.item()),
        text(e.agency()),
        text(e.transfer()),
        text(e.designation()),
        text(e.reason()),
        text(e.actor()));
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
