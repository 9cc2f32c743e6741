package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.seal.KeyGenerator;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.RunningExchange;

/** `serve` refuses to start on an agency key it could not seal to, naming the agency and why. */
class ServeRefusesUnusableKeysTest {

  @Test
  void anExpiredAgencyKey_stopsServe_withTheAgencyNamed(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    KeyGenerator.GeneratedKey expired =
        KeyGenerator.generate("cisa", Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1));
    Files.writeString(d.keys().resolve("agencies/cisa.asc"), expired.armoredPublic());
    Run served = prex(Cli.serveArgs(d, 0).toArray(String[]::new));
    String err = served.err();
    assertEquals(1, served.code(), err);
    assertTrue(err.toString().contains("agency cisa"), err.toString());
    assertTrue(err.toString().contains("expired"), err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
  }
}
