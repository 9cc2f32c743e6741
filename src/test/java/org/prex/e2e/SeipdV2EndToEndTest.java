package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.RunningExchange;

/**
 * The policy forces RFC 9580 SEIPDv2 for one agency (docs/formats.md, "Sealing"): its package is
 * sealed so, the others keep SEIPDv1, and `prex receive` opens the SEIPDv2 package.
 */
class SeipdV2EndToEndTest {

  @Test
  void anAgencyForcedToSeipdV2_getsIt_andReceiveOpensIt(@TempDir Path root) throws Exception {
    RunningExchange.Setup setup =
        RunningExchange.setUp(root)
            .policy(
                "    deliver: file:outbox/nsa\n",
                "    deliver: file:outbox/nsa\n    format: seipd-v2\n");
    Deployment d = setup.deployment;
    byte[] content = "eval results, AEAD-sealed\n".getBytes(StandardCharsets.UTF_8);
    try (RunningExchange exchange = setup.start()) {
      exchange.upload("acme-ai", "/inbox/results.txt", content);
      exchange.awaitOnePackageEach("delivered", Duration.ofSeconds(60));
      PublicCert signer = PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"));
      for (String agency : List.of("nsa", "caisi")) {
        Path item = itemOf(exchange.transfers(agency).get(0));
        try (InputStream in = Files.newInputStream(item)) {
          Opener.Opened o =
              Opener.open(
                  in,
                  DecryptionKey.read(exchange.agencySecret(agency), new char[0]),
                  signer,
                  new ByteArrayOutputStream());
          assertEquals(
              agency.equals("nsa") ? SealFormat.SEIPD_V2 : SealFormat.SEIPD_V1, o.format(), agency);
        }
      }
      Path out = root.resolve("received");
      Run received =
          Cli.receive(
              exchange.agencySecret("nsa"),
              d.keys().resolve("exchange/signing.pub.asc"),
              exchange.transfers("nsa").get(0),
              out);
      assertEquals(0, received.code(), received.err());
      assertArrayEquals(content, Files.readAllBytes(out.resolve("results.txt")));
    }
  }

  private static Path itemOf(Path transfer) throws Exception {
    try (var s = Files.list(transfer)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("manifest"))
          .findFirst()
          .orElseThrow();
    }
  }
}
