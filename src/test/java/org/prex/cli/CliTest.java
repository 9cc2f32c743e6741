package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Cli.Run;

/**
 * Exit codes and error lines of docs/deployment.md: 0 ok, 1 failed, 2 bad usage; one clear line, no
 * trace.
 */
class CliTest {
  @Test
  void helpOnEveryCommand_exitsZero() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"keys", "init", "--help"},
          {"keys", "check", "--help"},
          {"audit", "list", "--help"}
        }) {
      Run r = prex(args);
      assertEquals(0, r.code(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  @Test
  void unknownCommandOrOption_isBadUsage() {
    Run r = prex("serve", "--no-such-option");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains("hint: "), r.err());
  }

  @Test
  void auditListWithAnUnknownFormat_isBadUsage(@TempDir Path data) {
    Run r = prex("audit", "list", "--data", data.toString(), "--format", "xml");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("error: unknown format 'xml'"), r.err());
  }

  @Test
  void serveWithoutKeys_failsWithOneClearLine_andNoStackTrace(@TempDir Path dir) {
    Run r =
        prex(
            "serve",
            "--keys",
            dir.resolve("nope").toString(),
            "--data",
            dir.resolve("data").toString(),
            "--sftp-port",
            "0");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains("nope"), "names the missing folder: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void keysInit_makesASetThatKeysCheckAccepts_andRefusesToOverwriteIt(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    Run init =
        prex("keys", "init", "--dir", keys.toString(), "--lab", "acme-ai", "--agency", "caisi");
    assertEquals(0, init.code(), init.err());
    assertTrue(Files.exists(keys.resolve("exchange/signing.asc")));
    Run check = prex("keys", "check", "--keys", keys.toString());
    assertEquals(0, check.code(), check.err());
    Run again = prex("keys", "init", "--dir", keys.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().startsWith("error: "), again.err());
  }

  @Test
  void keysCheck_namesAnUnusableAgencyKey(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys");
    assertEquals(0, prex("keys", "init", "--dir", keys.toString(), "--agency", "caisi").code());
    Files.writeString(
        keys.resolve("agencies/caisi.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ngarbage\n");
    Run check = prex("keys", "check", "--keys", keys.toString());
    assertEquals(1, check.code());
    assertTrue(check.err().contains("caisi.asc"), check.err());
  }
}
