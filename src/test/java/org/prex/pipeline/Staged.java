package org.prex.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.Declared;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;

/** Submissions committed to a test's staging folder, as intake would leave them. */
final class Staged {
  static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");

  private Staged() {}

  /** A loose file of lab acme-ai holding {@code text}, committed to staging. */
  static Submission looseFile(Staging staging, String text) throws IOException {
    return staged(staging, null, null, List.of(text));
  }

  /**
   * A submission whose items hold {@code texts}, committed to staging.
   *
   * @param rejection why it was refused when taken, or null
   */
  static Submission folder(Staging staging, String rejection, List<String> texts)
      throws IOException {
    return staged(
        staging,
        new Declared("ref-1", null, null, null, null, List.of(), "0".repeat(64)),
        rejection,
        texts);
  }

  private static Submission staged(
      Staging staging, Declared declared, String rejection, List<String> texts) throws IOException {
    String submission = Ids.submission();
    List<StagedItem> items = new ArrayList<>();
    int line = 4;
    for (String text : texts) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      String id = Ids.item();
      OwnerOnly.createFolders(staging.itemDir(id));
      Files.write(staging.content(id), bytes);
      var sha = Sha256.newDigest();
      sha.update(bytes);
      String hex = Sha256.hex(sha);
      items.add(
          new StagedItem(
              id,
              submission,
              "acme-ai",
              "card-" + line + ".md",
              bytes.length,
              hex,
              RECEIVED.toString(),
              StagedItem.uploadKey("acme-ai", "card-" + line + ".md", bytes.length, 0, hex),
              null,
              line++,
              true));
    }
    StagedSubmission staged =
        new StagedSubmission(
            submission,
            "acme-ai",
            RECEIVED.toString(),
            "upload-" + submission,
            declared,
            rejection,
            List.of(),
            items,
            "card.md");
    staging.commit(staged);
    return Submission.of(staged);
  }
}
