package org.prex.review.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples on docs/formats.md parse, and prex writes them back byte for byte. */
class FormatsPageTest {
  static List<String> examples() throws Exception {
    String page = Files.readString(Path.of("docs/formats.md"));
    String review = page.substring(page.indexOf("## Review documents"));
    List<String> out = new ArrayList<>();
    for (String block : review.split("```")) {
      int start = block.indexOf("{\n  \"format\"");
      if (start >= 0) {
        out.add(block.substring(start, block.lastIndexOf('}') + 1) + "\n");
      }
    }
    return out;
  }

  @Test
  void everyExample_parses_andIsWhatPrexWrites() throws Exception {
    List<String> examples = examples();
    assertEquals(3, examples.size());
    assertEquals(examples.get(0), Ack.parse(examples.get(0)).toJson());
    assertEquals(examples.get(1), Notice.parse(examples.get(1)).toJson());
    assertEquals(examples.get(2), Destroyed.parse(examples.get(2)).toJson());
  }
}
