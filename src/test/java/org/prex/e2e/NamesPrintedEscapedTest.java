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
 * A lab's file name with a right-to-left override and a terminal escape sequence reaches the agency
 * intact on disk, but {@code prex receive} and {@code audit list} (table, csv, json) print it
 * escaped: nothing a lab names can move an officer's cursor or reorder what they read.
 */
class NamesPrintedEscapedTest {

  @Test
  void pathsWithControlAndBidiCharacters_arePrintedEscaped(@TempDir Path root) throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      String name = "model-\u202ecod.md\u001b[2J";
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
      assertFalse(o.contains("\u202e") || o.contains("\u001b"), o);
      assertTrue(o.contains("model-\\u202ecod.md\\u001b[2J"), o);
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
        assertFalse(
            text.contains("\u202e") || text.contains("\u001b"), format + ": raw characters");
        assertTrue(text.contains("\\u202e"), format + ": " + text);
      }
    }
  }
}
