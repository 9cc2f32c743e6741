package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.RunningExchange;

/**
 * A lab's file name with a right-to-left override reaches the agency intact on disk, but {@code
 * prex receive} and {@code audit list} (table, csv, json) print it escaped: nothing a lab names can
 * reorder what an officer reads. (Control characters, a terminal escape among them, are refused at
 * upload: DropBoxLimitsTest.)
 */
class NamesPrintedEscapedTest {

  @Test
  void pathsWithControlAndBidiCharacters_arePrintedEscaped(@TempDir Path root) throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      String name = "model-\u202ecod.md[2J";
      exchange.upload(
          "other-lab", "/inbox/" + name, "# evil name\n".getBytes(StandardCharsets.UTF_8));
      Await.until(
          "the package with the odd name",
          Duration.ofSeconds(60),
          () -> exchange.transfers("caisi").size() == 1);
      Path transfer = exchange.transfers("caisi").get(0);
      Path out = root.resolve("out");
      Run received =
          Cli.receive(
              exchange.agencySecret("caisi"),
              exchange.deployment.keys().resolve("exchange/signing.pub.asc"),
              transfer,
              out);
      String o = received.out();
      assertEquals(0, received.code(), received.err());
      assertFalse(o.contains("\u202e"), o);
      assertTrue(o.contains("model-\\u202ecod.md[2J"), o);
      assertTrue(Files.exists(out.resolve(name)), "the file itself keeps its name");

      for (String format : List.of("table", "csv", "json")) {
        Run listed =
            prex(
                "audit",
                "list",
                "--data",
                exchange.deployment.data().toString(),
                "--format",
                format);
        assertEquals(0, listed.code());
        String text = listed.out();
        assertFalse(text.contains("\u202e"), format + ": raw characters");
        assertTrue(text.contains("\\u202e"), format + ": " + text);
      }
    }
  }
}
