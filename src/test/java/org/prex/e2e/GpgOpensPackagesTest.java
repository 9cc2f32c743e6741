package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.seal.PublicCert;
import org.prex.testing.Gpg;
import org.prex.testing.RunningExchange;

/** What prex seals opens with the system's GnuPG 2.2, with a good signature from the exchange. */
class GpgOpensPackagesTest {

  @Test
  void gpgDecrypt_reproducesTheUpload_withAGoodSignatureFromTheExchangeKey(@TempDir Path root)
      throws Exception {
    byte[] upload = new byte[1024 * 1024 + 3];
    new Random(7).nextBytes(upload);
    try (RunningExchange exchange = RunningExchange.start(root)) {
      exchange.upload("acme-ai", "/inbox/aurora-eval.bin", upload);
      exchange.awaitOnePackageEach("delivery to every eligible agency", Duration.ofSeconds(60));
      Path signerFile = exchange.deployment.keys().resolve("exchange/signing.pub.asc");
      String signer = PublicCert.read(signerFile).fingerprint();
      for (String agency : RunningExchange.ELIGIBLE) {
        Gpg gpg = new Gpg(root.resolve("gnupg-" + agency));
        gpg.importFile(exchange.agencySecret(agency));
        gpg.importFile(signerFile);
        Path transfer = exchange.transfers(agency).get(0);
        List<Path> items;
        try (var s = Files.list(transfer)) {
          items = s.filter(p -> !p.getFileName().toString().startsWith("manifest")).toList();
        }
        assertEquals(1, items.size());
        Path out = root.resolve(agency + ".out");
        Gpg.Result r = gpg.run("--output", out.toString(), "--decrypt", items.get(0).toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.status().contains("[GNUPG:] GOODSIG"), r.status());
        assertTrue(r.status().contains("[GNUPG:] VALIDSIG " + signer), r.status());
        assertTrue(r.status().contains("[GNUPG:] DECRYPTION_OKAY"), r.status());
        assertArrayEquals(upload, Files.readAllBytes(out), agency);

        Path manifest = root.resolve(agency + ".manifest.json");
        Gpg.Result m =
            gpg.run(
                "--output",
                manifest.toString(),
                "--decrypt",
                transfer.resolve("manifest.json.pgp").toString());
        assertEquals(0, m.exit(), m.stderr());
        assertTrue(m.status().contains("[GNUPG:] VALIDSIG " + signer), m.status());
        assertTrue(
            Files.readString(manifest, StandardCharsets.UTF_8).contains("\"prex-package/1\""));
      }
    }
  }
}
