package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.observe.HttpAddress;
import org.prex.observe.ObserveServer;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;

/**
 * {@code serve --http} read over HTTP as an operator's curl or Prometheus would, during a run in
 * which one agency is down and comes back: readiness and its checks, and metrics that follow the
 * work (docs/operations.md).
 */
class HealthAndMetricsTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void healthAndMetrics_followARun_withAnAgencyDownAndBack(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    String base;
    try (RunningExchange exchange =
        RunningExchange.startWithHttp(root, d, HttpAddress.parse("0"))) {
      base = "http://" + exchange.server.httpAt();
      assertTrue(base.startsWith("http://127.0.0.1:"), "loopback unless told otherwise: " + base);

      HttpResponse<String> ready = get(base + "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""));
      JsonNode body = JSON.readTree(ready.body());
      assertEquals("UP", body.get("status").asText());
      assertEquals("leader", body.get("role").asText());
      Map<String, String> checks = new HashMap<>();
      body.get("checks").forEach(c -> checks.put(c.get("id").asText(), c.get("status").asText()));
      assertEquals("UP", checks.get("audit-log"));
      assertEquals("UP", checks.get("drop-box"));
      assertEquals("UP", checks.get("context"));
      assertEquals("UP", checks.get("route:ingest-acme-ai"));
      assertEquals("UP", checks.get("route:submissions-acme-ai"));
      assertEquals(200, get(base + "/health/live").statusCode());

      Path blocked = exchange.outbox("caisi");
      Files.createDirectories(blocked.getParent());
      Files.writeString(blocked, "a file where the agency's folder should be");
      exchange.uploadEvaluation();
      Await.until(
          "caisi down with the package waiting for more than a second",
          Duration.ofSeconds(60),
          () -> {
            Map<String, Double> m = metrics(base);
            return m.getOrDefault("prex_agency_up{agency=\"caisi\"}", -1.0) == 0
                && m.getOrDefault("prex_deliveries_pending{agency=\"caisi\"}", -1.0) == 1
                && m.getOrDefault("prex_deliveries_oldest_pending_seconds{agency=\"caisi\"}", 0.0)
                    >= 1;
          });
      Map<String, Double> during = metrics(base);
      assertEquals(1.0, during.get("prex_agency_up{agency=\"cisa\"}"));
      assertEquals(0.0, during.get("prex_deliveries_pending{agency=\"cisa\"}"));
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(1.0, during.get("prex_items_sealed_total{agency=\"" + agency + "\"}"), agency);
        assertEquals(
            (double) "evaluation\n".length(),
            during.get("prex_sealed_bytes_total{agency=\"" + agency + "\"}"),
            agency);
      }
      assertEquals(null, during.get("prex_items_sealed_total{agency=\"uk-aisi\"}"));
      assertEquals(
          null,
          during.get("prex_submissions_total{outcome=\"delivered\"}"),
          "not answered while caisi waits");
      assertEquals(1.0, during.get("prex_submissions_staged"));
      assertEquals(
          200, get(base + "/health/ready").statusCode(), "an agency down is not prex down");

      Files.delete(blocked);
      Await.until(
          "caisi back, the submission answered",
          Duration.ofSeconds(60),
          () ->
              metrics(base).getOrDefault("prex_submissions_total{outcome=\"delivered\"}", 0.0)
                  == 1);
      Map<String, Double> after = metrics(base);
      assertEquals(1.0, after.get("prex_agency_up{agency=\"caisi\"}"));
      assertEquals(0.0, after.get("prex_deliveries_pending{agency=\"caisi\"}"));
      assertEquals(0.0, after.get("prex_deliveries_oldest_pending_seconds{agency=\"caisi\"}"));
      assertEquals(0.0, after.get("prex_quarantine_items"));
      assertEquals(0.0, after.get("prex_receipts_waiting"));
      assertEquals(0.0, after.get("prex_inbox_files{lab=\"acme-ai\"}"), "the upload was taken");
      // a folder without its submission.yaml waits in the inbox (up to the manifest timeout)
      try (var lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/later");
        lab.put("/inbox/later/part.bin", new byte[] {1, 2, 3});
      }
      Await.until(
          "the waiting file counted",
          Duration.ofSeconds(30),
          () -> metrics(base).getOrDefault("prex_inbox_files{lab=\"acme-ai\"}", -1.0) == 1);
      String text = get(base + "/metrics").body();
      assertFalse(text.contains("eval.txt"), "no lab file name in the metrics");
      assertFalse(text.contains("part.bin"), "nor of a waiting one");
      assertTrue(text.contains("camel_exchanges_total"), "Camel's route metrics are there");
      assertTrue(text.contains("jvm_memory_used_bytes"), "and the JVM's");

      int port = Integer.parseInt(base.replaceAll(".*:", ""));
      assertEquals(
          "HTTP/1.1 421", rawStatus(port, "evil.example"), "a rebinding page's Host is refused");
      assertEquals("HTTP/1.1 200", rawStatus(port, "localhost:" + port));
      java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < ObserveServer.THREADS / 2; i++) {
          java.net.Socket s = new java.net.Socket("127.0.0.1", port);
          s.getOutputStream().write("GET /health/live HTTP/1.1\r\nX: ".getBytes());
          s.getOutputStream().flush();
          slow.add(s);
        }
        long t0 = System.nanoTime();
        assertEquals(200, get(base + "/health/live").statusCode());
        assertTrue(
            System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(),
            "clients that never finish their request do not hold the probes up");
      } finally {
        for (java.net.Socket s : slow) {
          s.close();
        }
      }

      assertEquals(405, send(base + "/metrics", "POST").statusCode());
      assertEquals(404, get(base + "/q/dev").statusCode());
      assertEquals(404, get(base + "/health/ready/../../metrics/x").statusCode());
      assertEquals(200, send(base + "/health/ready", "HEAD").statusCode());
    }
    assertThrows(ConnectException.class, () -> get(base + "/health/live"), "closed with serve");
  }

  /** The status line of a GET of /health/live sent by hand with this Host header. */
  private static String rawStatus(int port, String host) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /health/live HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      return line == null ? "" : line.substring(0, Math.min(12, line.length()));
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return send(url, "GET");
  }

  private static HttpResponse<String> send(String url, String method) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final Pattern SAMPLE = Pattern.compile("(?m)^(prex_[^ ]+) ([-0-9.eE+NaInf]+)$");

  /** prex's samples, by name and labels as Prometheus shows them. */
  private static Map<String, Double> metrics(String base) {
    try {
      HttpResponse<String> r = get(base + "/metrics");
      assertEquals(200, r.statusCode());
      Map<String, Double> m = new HashMap<>();
      Matcher matcher = SAMPLE.matcher(r.body());
      while (matcher.find()) {
        m.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
      }
      return m;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
