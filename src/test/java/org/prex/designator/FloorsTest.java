package org.prex.designator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.classify.Classification;
import org.prex.classify.ItemKind;
import org.prex.config.Policy;
import org.prex.inspect.Inspector;
import org.prex.item.Ids;
import org.prex.item.Item;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.testing.Inspectors;
import org.prex.testing.Policies;

/** Every kind the policy may name under floors: is applied to items of that kind, and only them. */
class FloorsTest {

  @Test
  void aFloorForDocuments_raisesDocuments_andNotCode(@TempDir Path dir) throws Exception {
    Policy policy =
        Policies.parse(
            "version: 1",
            "floors:",
            "  document: CUI//SP-PROPIN//NOFORN",
            "  model-weights: CUI//SP-EXPT",
            "agencies:",
            "  caisi: { country: USA, deliver: 'file:outbox/caisi' }");
    Staging staging = new Staging(dir.resolve("staging"));
    try (AuditLog log = AuditLog.open(dir.resolve("data"));
        Inspector inspector = Inspectors.small(dir, policy)) {
      Designator designator = new Designator(policy, log, staging, inspector);
      String submission = Ids.submission();
      Item doc = item(staging, submission, "card.md", ItemKind.DOCUMENT, "text/markdown");
      Item code = item(staging, submission, "run.py", ItemKind.CODE, "text/x-python");
      Item other =
          item(staging, submission, "blob.bin", ItemKind.OTHER, "application/octet-stream");
      Submission designated = designator.designate(new Submission(null, List.of(doc, code, other)));
      assertEquals(
          List.of("CUI//SP-PROPIN//NOFORN", "CUI//SP-PROPIN", "CUI//SP-PROPIN"),
          designated.items().stream().map(i -> i.designation().toString()).toList());
    }
  }

  private static Item item(
      Staging staging, String submission, String name, ItemKind kind, String type)
      throws Exception {
    String id = Ids.item();
    Path content = staging.content(id);
    Files.createDirectories(content.getParent());
    Files.writeString(content, "plain text without markings\n");
    StagedItem staged =
        StagedItem.loose(id, submission, "acme-ai", name, 28, "0".repeat(64), "now", "k");
    return Item.of(staged).withClassification(new Classification(type, kind, name, null, false));
  }
}
