package org.prex.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON array with one object per event and per line; every field, null where null. */
final class JsonFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFormat() {}

  static void write(List<AuditEvent> events, PrintWriter out) {
    if (events.isEmpty()) {
      out.println("[]");
      return;
    }
    out.println("[");
    for (int i = 0; i < events.size(); i++) {
      out.print(object(events.get(i)));
      out.println(i < events.size() - 1 ? "," : "");
    }
    out.println("]");
  }

  private static String object(AuditEvent e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Column c : Column.values()) {
      fields.put(c.key, c == Column.SEQ ? (Object) e.seq() : c.of(e));
    }
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a map of strings always serialises", ex);
    }
  }
}
