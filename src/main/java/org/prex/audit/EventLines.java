package org.prex.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Each event appended to the log, also as an application log line of the logger {@value #NAME}
 * (docs/operations.md, "Logs"): its type, seq and ids as key-value pairs, for a SIEM reading {@code
 * serve --log-format json}; off in the text format. Never its reason, hashes or key: the log itself
 * is the record, this is a feed.
 */
final class EventLines {
  static final String NAME = "prex.audit";
  private static final Logger LINES = LoggerFactory.getLogger(NAME);

  private EventLines() {}

  static void log(AuditEvent e) {
    if (!LINES.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder line =
        LINES.atInfo().addKeyValue("event", e.type().name()).addKeyValue("seq", e.seq());
    line = with(line, "lab", e.lab());
    line = with(line, "submission", e.submission());
    line = with(line, "item", e.item());
    line = with(line, "agency", e.agency());
    line = with(line, "transfer", e.transfer());
    line = with(line, "designation", e.designation());
    line.log("{} {}", e.type(), e.seq());
  }

  private static LoggingEventBuilder with(LoggingEventBuilder line, String key, String value) {
    return value == null ? line : line.addKeyValue(key, value);
  }
}
