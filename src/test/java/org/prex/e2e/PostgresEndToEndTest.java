package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.LogDatabase;
import org.prex.config.Deployment;
import org.prex.observe.HttpAddress;
import org.prex.serve.ServeOptions;
import org.prex.testing.Cli;
import org.prex.testing.Postgres;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;

/**
 * The whole exchange with its transfer log on a real PostgreSQL server: an upload delivered to
 * every eligible agency and answered, the log read and proved against the lab's receipt by the
 * audit commands with --db, and nothing of the log in the data folder (docs/audit-log.md,
 * "Stores").
 */
class PostgresEndToEndTest {
  @Test
  void anUpload_isDeliveredAndAnswered_andTheLogOnPostgresProvesTheReceipt(@TempDir Path root)
      throws Exception {
    Postgres pg = Postgres.server();
    String url = pg.newDatabase();
    Deployment d = RunningExchange.prepare(root);
    ServeOptions options =
        new ServeOptions(d, "127.0.0.1", 0, null)
            .withHttp(HttpAddress.parse("0"))
            .withLog(LogDatabase.postgres(url, Postgres.PASSWORD));
    Path receiptFile = root.resolve("receipt.asc");
    try (RunningExchange exchange = RunningExchange.startWith(root, d, options)) {
      exchange.uploadEvaluation();
      exchange.awaitOnePackageEach("delivered", Duration.ofSeconds(90));
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
      assertEquals("delivered", receipts.get(0).json().get("outcome").asText());
      Files.writeString(receiptFile, receipts.get(0).armored());

      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + exchange.server.httpAt() + "/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("{\"id\":\"audit-log\",\"status\":\"UP\"}"), ready.body());
    }
    assertFalse(
        Files.exists(d.data().resolve("audit/prex.mv.db")), "no H2 log beside the PostgreSQL one");

    Map<String, String> env = Map.of(LogDatabase.PASSWORD_ENV, Postgres.PASSWORD);
    Cli.Run list =
        Cli.prexWithEnv(
            env, "audit", "list", "--db", url, "--data", d.data().toString(), "--format", "csv");
    assertEquals(0, list.code(), list.err());
    assertEquals(4, list.out().lines().filter(l -> l.contains("DELIVERED")).count(), list.out());

    Cli.Run verify =
        Cli.prexWithEnv(
            env,
            "audit",
            "verify",
            "--db",
            url,
            "--data",
            d.data().toString(),
            "--keys",
            d.keys().toString(),
            "--checkpoint",
            receiptFile.toString());
    assertEquals(0, verify.code(), verify.out() + verify.err());

    Cli.Run noPassword = Cli.prexWithEnv(Map.of(), "audit", "list", "--db", url);
    assertEquals(1, noPassword.code(), noPassword.out());
    assertTrue(noPassword.err().contains("cannot connect"), noPassword.err());

    Cli.Run inUrl = Cli.prexWithEnv(env, "audit", "list", "--db", url + "&password=x");
    assertEquals(2, inUrl.code());
    assertTrue(inUrl.err().contains("must not carry the password"), inUrl.err());
  }
}
