package org.prex.submission;

import java.util.List;
import org.prex.item.Ids;
import org.prex.item.StagedItem;

/**
 * A submission in prex's custody (docs/pipeline.md, "Submissions"): a loose file (one item, nothing
 * declared) or a submission folder whose files are all staged. Written to staging as the commit
 * point of taking it, so that a crash after this leaves it to be handled at the next start.
 *
 * @param uploadKey identifies what was taken from the drop box (see {@link StagedItem#uploadKey})
 * @param declared what its manifest declares, or null for a loose file
 * @param rejection why it is refused as a whole (its manifest is malformed, a listed file never
 *     arrived or does not match its sha256), or null; a refused submission is not handled, only
 *     answered with a receipt. Fit for the log: names manifest lines, never files.
 * @param problems the problems found, for the lab's receipt only (may quote paths); a long list is
 *     summarised ({@link Problems#summarised})
 * @param uploadedAs the submission as the lab knows it: the loose file's or the folder's name in
 *     its {@code /inbox} (receipt only: lab file names never go into the log)
 */
public record StagedSubmission(
    String submissionId,
    String lab,
    String receivedAt,
    String uploadKey,
    Declared declared,
    String rejection,
    List<String> problems,
    List<StagedItem> items,
    String uploadedAs) {

  public StagedSubmission {
    if (!Ids.isId(submissionId)) {
      throw new IllegalArgumentException("not a submission id: " + submissionId);
    }
    problems = problems == null ? List.of() : Problems.summarised(problems, Problems.IN_RECEIPT);
    items = List.copyOf(items);
  }

  public boolean isLooseFile() {
    return declared == null;
  }
}
