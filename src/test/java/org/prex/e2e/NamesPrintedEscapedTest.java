package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.cli.Main;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * A lab's file name with a right-to-left override and a terminal escape sequence reaches the
 * agency intact on disk, but {@code prex receive} and {@code audit list} (table, csv, json) print
 * it escaped: nothing a lab names can move an officer's cursor or reorder what they read.
 */
class NamesPrintedEscapedTest {

  @Test
  void pathsWithControlAndBidiCharacters_arePrintedEscaped(@TempDir Path root) throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      String name = "model-\u202ecod.md\u001b[2J";
      try (SftpClient lab = exchange.connect("other-lab")) {
        lab.put("/inbox/" + name, "# evil name\n".getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the package with the odd name",
          Duration.ofSeconds(60),
          () -> exchange.transfers("caisi").size() == 1);
      Path transfer = exchange.transfers("caisi").get(0);
      Path out = root.resolve("out");
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      int code =
          Main.run(
              new String[] {
                "receive",
                "--key",
                exchange.agencySecret("caisi").toString(),
                "--signer",
                exchange.deployment.keys().resolve("exchange/signing.pub.asc").toString(),
                "--in",
                transfer.toString(),
                "--out",
                out.toString()
              },
              new PrintWriter(o, true),
              new PrintWriter(e, true));
      assertEquals(0, code, e.toString());
      assertFalse(o.toString().contains("\u202e") || o.toString().contains("\u001b"), o.toString());
      assertTrue(o.toString().contains("model-\\u202ecod.md\\u001b[2J"), o.toString());
      assertTrue(Files.exists(out.resolve(name)), "the file itself keeps its name");

      for (String format : List.of("table", "csv", "json")) {
        StringWriter listed = new StringWriter();
        assertEquals(
            0,
            Main.run(
                new String[] {
                  "audit", "list", "--data", exchange.deployment.data().toString(), "--format", format
                },
                new PrintWriter(listed, true),
                new PrintWriter(new StringWriter(), true)));
        String text = listed.toString();
        assertFalse(
            text.contains("\u202e") || text.contains("\u001b"), format + ": raw characters");
        assertTrue(text.contains("\\u202e"), format + ": " + text);
      }
    }
  }
}
