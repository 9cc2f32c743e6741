package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropBoxConfigTest {

  @TempDir static Path tmp;
  private static PublicKey labKey;
  private static PublicKey otherKey;
  private static PublicKey ingestKey;

  @BeforeAll
  static void keys() throws Exception {
    labKey = TestKeys.lab(tmp, "lab").publicKey();
    otherKey = TestKeys.lab(tmp, "other").publicKey();
    ingestKey = TestKeys.lab(tmp, "ingest").publicKey();
  }

  @Test
  void labIdThatIsNoSafeUserOrFolderName_isRefused() {
    for (String bad : List.of("", "Acme", "acme ai", "../x", "acme/ai", "-acme", ".hidden")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> config(Map.of(bad, List.of(labKey))));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void labNamedLikeTheIngestAccount_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> config(Map.of(DropBox.INGEST_USER, List.of(labKey))));
  }

  @Test
  void labWithoutKeys_isRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("acme-ai", List.of())));
    assertTrue(e.getMessage().contains("acme-ai"), e.getMessage());
  }

  @Test
  void keySharedBetweenAccounts_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("acme-ai", List.of(labKey), "beta", List.of(otherKey, labKey))));
    assertTrue(
        e.getMessage().contains("acme-ai") && e.getMessage().contains("beta"), e.getMessage());
    assertTrue(
        e.getMessage().contains("SHA256:"), "names the key by fingerprint: " + e.getMessage());

    assertThrows(
        IllegalArgumentException.class, () -> config(Map.of("acme-ai", List.of(ingestKey))));
  }

  @Test
  void noListener_meansNone() {
    assertSame(DropBoxListener.NONE, config(Map.of("acme-ai", List.of(labKey))).listener());
  }

  private static DropBoxConfig config(Map<String, List<PublicKey>> labs) {
    return new DropBoxConfig(
        "127.0.0.1", 0, tmp.resolve("sftp"), tmp.resolve("host"), labs, ingestKey, null);
  }
}
