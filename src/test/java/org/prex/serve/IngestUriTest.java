package org.prex.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ingest URI is where and as whom only; how to ingest is the route file's (checked by
 * IngestEndpointsTest). The operator's options pass through, none twice.
 */
class IngestUriTest {

  @Test
  void anExternalServer_keepsTheOperatorsOptions_andHandsTheDelayToTheRouteFile() {
    String given =
        "sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id&delay=5000&knownHostsFile=/k/kh";
    assertEquals(
        "sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id&knownHostsFile=/k/kh",
        IngestUri.external(given));
    assertEquals("5000", IngestUri.delay(given));
    assertEquals(
        IngestUri.DEFAULT_DELAY,
        IngestUri.delay("sftp://prex@drop.example/?privateKeyFile=/k/id&knownHostsFile=/k/kh"));
    assertEquals(IngestUri.EMBEDDED_DELAY, IngestUri.delay(null), "the embedded drop box");
  }

  @Test
  void aPassphrase_isCarriedRaw_andOneWithAClosingParenthesisIsRefused() {
    String given = "sftp://prex@drop.example/?privateKeyFile=/k/id&knownHostsFile=/k/kh";
    assertEquals(
        "sftp://prex@drop.example/?privateKeyFile=/k/id&knownHostsFile=/k/kh"
            + "&privateKeyPassphrase=RAW(a&b=c)",
        IngestUri.external(given, "a&b=c"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IngestUri.external(given, "x)y"));
    assertTrue(e.getMessage().contains("')'"), e.getMessage());
  }

  @Test
  void theEmbeddedDropBox_isReachedWithTheIngestAccountsKeyAndKnownHosts() {
    assertEquals(
        "sftp://prex-ingest@127.0.0.1:2222/?privateKeyFile=/d/id&knownHostsFile=/d/kh",
        IngestUri.embedded("127.0.0.1", 2222, Path.of("/d/id"), Path.of("/d/kh")));
  }

  @Test
  void withoutKnownHosts_orWithLaxHostKeyChecking_itIsRefused() {
    IllegalArgumentException noKnownHosts =
        assertThrows(
            IllegalArgumentException.class,
            () -> IngestUri.external("sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id"));
    assertTrue(noKnownHosts.getMessage().contains("knownHostsFile"));
    IllegalArgumentException lax =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IngestUri.external(
                    "sftp://prex@drop.example/x?knownHostsFile=/k&strictHostKeyChecking=no"));
    assertTrue(lax.getMessage().contains("strictHostKeyChecking"), lax.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> IngestUri.external("ftp://prex@drop.example/x"));
  }
}
