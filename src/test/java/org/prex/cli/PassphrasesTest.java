package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphrasesTest {

  @Test
  void theIngestPassphrase_comesFromTheEnvironment_firstOverTheFile(@TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("p");
    Files.writeString(file, "from file\r\nsecond line ignored\n");
    assertEquals(
        "from env",
        Passphrases.ingest(
            Map.of(Passphrases.INGEST, "from env", Passphrases.INGEST_FILE, file.toString())));
    assertEquals("from file", Passphrases.ingest(Map.of(Passphrases.INGEST_FILE, file.toString())));
    assertNull(Passphrases.ingest(Map.of()));
  }

  @Test
  void anUnreadablePassphraseFile_isNamed(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope");
    CommandFailed e =
        assertThrows(
            CommandFailed.class,
            () -> Passphrases.ingest(Map.of(Passphrases.INGEST_FILE, missing.toString())));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("PREX_INGEST_PASSPHRASE_FILE"), e.getMessage());
  }
}
