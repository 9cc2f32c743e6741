package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.ForkedServe;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * {@code serve} with the log format json, set as an operator's unit would, by the environment
 * (PREX_LOG_FORMAT): every line a JSON object, every transfer-log event a line with its type and
 * ids, and no lab's file name or content anywhere (docs/operations.md, "Logs").
 */
class JsonLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineIsJson_eventsCarryTheirIds_andNoFileNameOrContent(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    String name = "project-nightingale-weights-card.md";
    String content = "# Nightingale: the body of the model card, never logged\n";
    try (ForkedServe serve = ForkedServe.start(d, "077", null, Map.of("PREX_LOG_FORMAT", "json"))) {
      try (SftpClient lab =
          SftpClient.connect(
              "acme-ai", serve.port(), d.keys().resolve("labs/acme-ai"), d.dropBoxKnownHosts())) {
        lab.put("/inbox/" + name, content.getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the receipt's event in the log",
          Duration.ofSeconds(90),
          () -> serve.output().contains("\"RECEIPT_SENT\""));
      assertTrue(serve.stop(Duration.ofSeconds(30)), "stopped");
      List<JsonNode> lines = new ArrayList<>();
      for (String line : serve.output().split("\n")) {
        if (line.startsWith("prex ready: ")) {
          continue; // stdout: the one line for the operator's shell
        }
        lines.add(JSON.readTree(line)); // throws on a line that is not JSON
      }
      assertFalse(serve.output().contains("nightingale"), "the file name is never logged");
      assertFalse(serve.output().contains("Nightingale"), "nor the content");

      Map<String, Map<String, String>> delivered = new HashMap<>();
      for (JsonNode l : lines) {
        assertTrue(l.has("timestamp") && l.has("level") && l.has("loggerName"), l.toString());
        if (!"prex.audit".equals(l.get("loggerName").asText())) {
          continue;
        }
        Map<String, String> kv = new HashMap<>();
        l.get("kvpList")
            .forEach(
                p -> p.fields().forEachRemaining(f -> kv.put(f.getKey(), f.getValue().asText())));
        if ("DELIVERED".equals(kv.get("event"))) {
          delivered.put(kv.get("agency"), kv);
        }
      }
      assertEquals(
          new java.util.TreeSet<>(RunningExchange.ELIGIBLE),
          new java.util.TreeSet<>(delivered.keySet()),
          "a DELIVERED line per eligible agency");
      Map<String, String> caisi = delivered.get("caisi");
      assertEquals("acme-ai", caisi.get("lab"));
      assertTrue(caisi.get("submission").startsWith("s-"), caisi.toString());
      assertTrue(caisi.get("item").startsWith("i-"), caisi.toString());
      assertTrue(caisi.get("transfer").startsWith("t-"), caisi.toString());
      assertEquals("CUI//SP-PROPIN", caisi.get("designation"));
    }
  }
}
