package org.prex.review.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents' JSON: one object, UTF-8, at most {@link #MAX_BYTES}; duplicate keys, trailing
 * content and unknown fields refused. Written pretty printed, keys in the order given, with no
 * trailing whitespace on any line (a cleartext signature would not cover it).
 */
final class Json {
  /** The largest document, in UTF-8 bytes. */
  static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper READ =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectMapper WRITE =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** Writes {@code fields} (nulls included, as null) as a pretty-printed object ending in "\n". */
  static String write(Map<String, Object> fields) {
    try {
      return WRITE.writeValueAsString(fields) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a document: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses one JSON object, any fields. */
  static ObjectNode object(String json) throws DocumentException {
    if (json == null) {
      throw new DocumentException("document: missing");
    }
    if (json.length() > MAX_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new DocumentException("document: larger than " + MAX_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = READ.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the input at length: say where, not what
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      String problem =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a key appears twice"
              : "not valid JSON";
      throw new DocumentException("document: " + problem + where);
    }
    if (!(node instanceof ObjectNode o)) {
      throw new DocumentException("document: not a JSON object");
    }
    return o;
  }

  /** Reads the fields of one object, refusing any it does not know. */
  static final class Fields {
    private final String where;
    private final ObjectNode node;

    private Fields(String where, ObjectNode node) {
      this.where = where;
      this.node = node;
    }

    /** A document of {@code format} with only {@code known} fields (besides "format"). */
    static Fields document(String json, String format, Set<String> known) throws DocumentException {
      ObjectNode o = object(json);
      Fields f = new Fields("", o);
      String claimed = f.string("format");
      if (!format.equals(claimed)) {
        throw new DocumentException(
            "format: " + Check.quote(claimed) + ", expected '" + format + "'");
      }
      f.only(known, "format");
      return f;
    }

    private void only(Set<String> known, String... more) throws DocumentException {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name) && !List.of(more).contains(name)) {
          throw new DocumentException(where + Check.quote(name) + ": unknown field");
        }
      }
    }

    private String name(String field) {
      return where + field;
    }

    private JsonNode required(String field) throws DocumentException {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw new DocumentException(name(field) + ": missing");
      }
      return v;
    }

    String string(String field) throws DocumentException {
      JsonNode v = required(field);
      if (!v.isTextual()) {
        throw new DocumentException(name(field) + ": not a string");
      }
      return v.textValue();
    }

    /** A string, or null when the field is absent or null. */
    String optionalString(String field) throws DocumentException {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : string(field);
    }

    Instant instant(String field) throws DocumentException {
      String s = string(field);
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new DocumentException(
            name(field)
                + ": "
                + Check.quote(s)
                + " is not an ISO-8601 instant (2026-05-01T12:00:00Z)");
      }
    }

    Instant optionalInstant(String field) throws DocumentException {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : instant(field);
    }

    private ArrayNode array(String field) throws DocumentException {
      JsonNode v = required(field);
      if (!(v instanceof ArrayNode a)) {
        throw new DocumentException(name(field) + ": not a list");
      }
      return a;
    }

    List<String> strings(String field) throws DocumentException {
      ArrayNode a = array(field);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).isTextual()) {
          throw new DocumentException(name(field) + "[" + i + "]: not a string");
        }
        out.add(a.get(i).textValue());
      }
      return out;
    }

    List<ItemHash> items(String field) throws DocumentException {
      ArrayNode a = array(field);
      List<ItemHash> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        String at = name(field) + "[" + i + "]";
        if (!(a.get(i) instanceof ObjectNode o)) {
          throw new DocumentException(at + ": not an object");
        }
        Fields item = new Fields(at + ".", o);
        item.only(Set.of("item", "sha256"));
        String id = item.string("item");
        String sha = item.string("sha256");
        out.add(build(at + ".", () -> new ItemHash(id, sha)));
      }
      return out;
    }
  }

  /** Something that may fail a constructor's checks. */
  interface Builder<T> {
    T build();
  }

  /** Runs a constructor, turning its refusal into a {@link DocumentException}. */
  static <T> T build(String prefix, Builder<T> builder) throws DocumentException {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new DocumentException(prefix + e.getMessage());
    }
  }

  /** Items as written: [{"item": …, "sha256": …}, …]. */
  static List<Map<String, Object>> items(List<ItemHash> items) {
    return items.stream()
        .map(
            i -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("item", i.item());
              m.put("sha256", i.sha256());
              return m;
            })
        .toList();
  }
}
