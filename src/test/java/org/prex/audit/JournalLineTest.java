package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.merkle.TreeHash;

/** The journal's lines, byte for byte: a log written by an older prex must replay unchanged. */
class JournalLineTest {
  @TempDir Path dir;

  @Test
  void eventAndCheckpointLines_haveTheDocumentedBytes() throws Exception {
    EventDraft withPolicy =
        CanonicalEventTest.GOLDEN_DRAFT.policy("ab".repeat(32)).sha256Cipher("cd".repeat(32));
    Journal journal = Journal.acquire(dir);
    try {
      journal.event(event(42, CanonicalEventTest.GOLDEN_DRAFT));
      journal.event(event(43, withPolicy));
      journal.checkpoint(
          new CheckpointRows.Row(43, 1_700_000_000_123L, new byte[32], "signed\ntext"));
    } finally {
      journal.release();
    }
    assertEquals(
        EXPECTED,
        new String(Files.readAllBytes(dir.resolve(Journal.FILE)), StandardCharsets.UTF_8));
    assertEquals(event(43, withPolicy), read(43));
  }

  private AuditEvent read(long seq) throws Exception {
    Journal journal = Journal.acquire(dir);
    try {
      return journal.read().events().get(seq);
    } finally {
      journal.release();
    }
  }

  private static AuditEvent event(long seq, EventDraft d) {
    String leaf =
        HexFormat.of()
            .formatHex(
                TreeHash.leaf(CanonicalEvent.encode(seq, CanonicalEventTest.GOLDEN_TIME, d)));
    return AuditEvent.of(seq, CanonicalEventTest.GOLDEN_TIME, d, leaf);
  }

  private static final String EXPECTED =
      "E {\"seq\":42,\"timeMs\":1795725300120,\"type\":\"DELIVERED\",\"lab\":\"acme-ai\","
          + "\"submission\":\"sub-7f3a\",\"item\":\"itm-01\",\"agency\":\"caisi\","
          + "\"transfer\":\"trf-9c2e\",\"designation\":\"CUI//SP-PROPIN//DL ONLY\","
          + "\"sha256Plain\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
          + "\"sha256Cipher\":null,"
          + "\"keyFingerprint\":\"0123456789ABCDEF0123456789ABCDEF01234567\","
          + "\"reason\":\"line1\\n\\\"q\\\" \\\\ tab\\t ctl\\u0001 é✓😀\","
          + "\"leafHash\":\"1edb9795c12479ab67198742f88aeb70e131fb9fda8a845b64535717c75f2f77\"}\n"
          + "E {\"seq\":43,\"timeMs\":1795725300120,\"type\":\"DELIVERED\",\"lab\":\"acme-ai\","
          + "\"submission\":\"sub-7f3a\",\"item\":\"itm-01\",\"agency\":\"caisi\","
          + "\"transfer\":\"trf-9c2e\",\"designation\":\"CUI//SP-PROPIN//DL ONLY\","
          + "\"sha256Plain\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
          + "\"sha256Cipher\":\"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd\","
          + "\"keyFingerprint\":\"0123456789ABCDEF0123456789ABCDEF01234567\","
          + "\"reason\":\"line1\\n\\\"q\\\" \\\\ tab\\t ctl\\u0001 é✓😀\","
          + "\"policy\":\"abababababababababababababababababababababababababababababababab\","
          + "\"leafHash\":\"7737db847c7a66bb3e3216356fcb35decfc044e044a94b870626c4dc4bee02fe\"}\n"
          + "C {\"treeSize\":43,\"timeMs\":1700000000123,"
          + "\"rootHash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
          + "\"signed\":\"signed\\ntext\"}\n";
}
