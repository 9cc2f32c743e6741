package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.Cli.Run;
import org.prex.testing.ForkedServe;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * Least privilege on disk: {@code prex serve} started from a shell whose umask is 022 (files 0644,
 * folders 0755 by default) takes real uploads through staging, sealing, quarantine, delivery and
 * receipts, and then everything in the data folder, the drop box's uploads included, is 0700
 * (folders) or 0600 (files).
 */
class OwnerOnlyOnDiskTest {

  @Test
  void underUmask022_everythingServeWrites_isOwnerOnly(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    // a data folder an earlier version left open, with a file in it
    Files.createDirectories(d.data());
    Files.setPosixFilePermissions(d.data(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(d.data().resolve("notes.txt"), "left by an earlier run\n");
    Files.setPosixFilePermissions(
        d.data().resolve("notes.txt"), PosixFilePermissions.fromString("rw-r--r--"));

    Path probe = root.resolve("umask-probe");
    try (ForkedServe serve = ForkedServe.start(d, "022", "touch '" + probe + "'")) {
      assertEquals(
          "rw-r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)),
          "the shell that started serve really had umask 022");
      assertTrue(
          serve.output().contains("data folder " + d.data() + " was open to group or others"),
          serve.output());

      try (SftpClient lab =
          SftpClient.connect(
              "acme-ai", serve.port(), d.keys().resolve("labs/acme-ai"), d.dropBoxKnownHosts())) {
        lab.put("/inbox/model-card.md", "# Aurora\n".getBytes(StandardCharsets.UTF_8));
        lab.channel().mkdir("/inbox/aurora");
        lab.channel().mkdir("/inbox/aurora/evals");
        lab.put("/inbox/aurora/evals/results.md", "# Results\n".getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora/unlisted.md", "# not listed\n".getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/aurora/submission.yaml",
            String.join(
                    "\n",
                    "reference: aurora",
                    "release-date: " + LocalDate.now().plusDays(10),
                    "items:",
                    "  - path: evals/results.md",
                    "")
                .getBytes(StandardCharsets.UTF_8));
        // a folder without a manifest waits in the drop box (manifest-timeout)
        lab.channel().mkdir("/inbox/waiting");
        lab.put("/inbox/waiting/draft.md", "# draft\n".getBytes(StandardCharsets.UTF_8));
      }
      Path receipts = d.dropBox().resolve("acme-ai/receipts");
      Await.until(
          "two receipts and two packages per eligible agency",
          Duration.ofSeconds(120),
          () ->
              !serve.process().isAlive()
                  || (count(receipts) == 2
                      && RunningExchange.ELIGIBLE.stream()
                          .allMatch(a -> count(d.outbox().resolve(a)) == 2)));
      assertTrue(serve.process().isAlive(), serve.output());
      assertTrue(count(d.quarantine()) > 0, "the unlisted file was quarantined");

      Run listed = prex("audit", "list", "--data", d.data().toString());
      assertEquals(0, listed.code(), listed.err());

      assertEquals(List.of(), notOwnerOnly(d.data()), "while serve runs");
      assertTrue(
          Files.exists(d.dropBox().resolve("acme-ai/inbox/waiting/draft.md")),
          "an upload still in the drop box was checked too");
      assertTrue(Files.exists(d.data().resolve("audit/prex.mv.db")));
      assertTrue(Files.exists(d.data().resolve("audit/journal")));
      assertTrue(serve.stop(Duration.ofSeconds(60)), "serve stops on SIGTERM");
    }
    assertEquals(List.of(), notOwnerOnly(d.data()), "after serve stopped");

    String out =
        prex("keys", "check", "--keys", d.keys().toString(), "--data", d.data().toString()).out();
    assertTrue(!out.contains("open to group or others"), out);
  }

  @Test
  void keysCheck_warnsAboutAnOpenDataFolder(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Files.createDirectories(d.data().resolve("staging"));
    Files.setPosixFilePermissions(d.data(), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(
        d.data().resolve("staging"), PosixFilePermissions.fromString("rwx------"));
    Run checked =
        prex("keys", "check", "--keys", d.keys().toString(), "--data", d.data().toString());
    String out = checked.out();
    assertEquals(0, checked.code(), "a warning, not an error");
    assertTrue(out.contains("open to group or others: " + d.data() + " rwxr-x---"), out);
    assertTrue(!out.contains("staging"), out);
  }

  /** Every entry below {@code dir} that is not a 0700 folder or a 0600 file, with its mode. */
  private static List<String> notOwnerOnly(Path dir) throws Exception {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          continue; // gone while walking
        }
        String mode =
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        String wanted = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
        if (!mode.equals(wanted)) {
          wrong.add(dir.relativize(p) + " " + mode);
        }
      }
    }
    return wrong;
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    } catch (Exception e) {
      return 0;
    }
  }
}
