package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;

/**
 * Red team: an agency down for a day lets staged submissions pile up (docs/delivery.md: they stay
 * staged until every agency has its package). More than a thousand of them at a restart or a policy
 * reload must not keep prex from starting: Camel's seda queues hold 1,000 messages by default and
 * refuse the next one ("Queue full"), so resuming them failed the start.
 */
class ManyStagedTest {
  private static final int STAGED = 1_100;

  @Test
  void moreThanAThousandStagedSubmissions_doNotStopTheStart(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Staging staging = new Staging(d.staging());
    byte[] content = "evaluation\n".getBytes(StandardCharsets.UTF_8);
    java.security.MessageDigest md = Sha256.newDigest();
    md.update(content);
    String sha = Sha256.hex(md);
    for (int i = 0; i < STAGED; i++) {
      String item = Ids.item();
      String submission = Ids.submission();
      OwnerOnly.createFolders(staging.itemDir(item));
      Files.write(staging.content(item), content);
      String now = Instant.now().toString();
      String key = StagedItem.uploadKey("acme-ai", "eval-" + i + ".txt", content.length, i, sha);
      staging.commit(
          new StagedSubmission(
              submission,
              "acme-ai",
              now,
              key,
              null,
              "test: refused, so that handling is quick",
              List.of(),
              List.of(
                  StagedItem.loose(
                      item,
                      submission,
                      "acme-ai",
                      "eval-" + i + ".txt",
                      content.length,
                      sha,
                      now,
                      key)),
              "eval-" + i + ".txt"));
    }
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Await.until(
          "staged submissions are being answered",
          Duration.ofSeconds(60),
          () -> pending(staging) < STAGED);
      assertTrue(staging.pending().size() < STAGED);
    }
  }

  private static int pending(Staging staging) {
    try {
      return staging.pending().size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
