package org.prex.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prex.text.Escapes;

/**
 * A JSON array with one object per event and per line; every field, null where null. Control and
 * bidi characters are written as JSON {@code \\uXXXX} escapes: safe on a terminal, and a JSON
 * reader gets the exact value back (leaf hashes can be recomputed from it).
 */
final class JsonFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new TerminalSafe());
  }

  /** Escapes what {@link Escapes#isUnsafe} names, beyond JSON's own escapes. */
  private static final class TerminalSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    TerminalSafe() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Escapes.isUnsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }

  private JsonFormat() {}

  static void write(List<AuditEvent> events, PrintWriter out) {
    AuditFormat.Stream s = stream(out);
    s.add(events);
    s.finish();
  }

  /**
   * One object per line, as they come: {@code [} before the first, a comma at the end of every line
   * but the last, {@code ]} at the end; {@code []} when there are none.
   */
  static AuditFormat.Stream stream(PrintWriter out) {
    return new AuditFormat.Stream() {
      private boolean any;

      @Override
      public void add(List<AuditEvent> events) {
        for (AuditEvent e : events) {
          if (any) {
            out.println(",");
          } else {
            out.println("[");
            any = true;
          }
          out.print(object(e));
        }
      }

      @Override
      public void finish() {
        if (any) {
          out.println();
          out.println("]");
        } else {
          out.println("[]");
        }
        out.flush();
      }
    };
  }

  private static String object(AuditEvent e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Field c : Field.values()) {
      fields.put(c.key, c == Field.SEQ ? (Object) e.seq() : c.of(e));
    }
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a map of strings always serialises", ex);
    }
  }
}
