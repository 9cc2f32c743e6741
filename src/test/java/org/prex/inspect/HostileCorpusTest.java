package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.prex.designate.Designation;

/**
 * Every way of hiding a spill in {@link HostileCorpus} is caught by the inspector, and its clean
 * twin, made the same way, is not held: inspected completely, no classified marking.
 */
class HostileCorpusTest {
  static Path scratch;
  static ContentInspector inspector;

  @BeforeAll
  static void setUp() throws Exception {
    scratch = Files.createTempDirectory("prex-inspect-test");
    inspector =
        new ContentInspector(
            Map.of("PROPRIETARY", Designation.parse("CUI//SP-PROPIN")),
            scratch,
            Ocr.available(),
            Limits.DEFAULT);
  }

  @AfterAll
  static void tearDown() throws Exception {
    try (var s = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "the scratch folder is left empty");
    }
    Files.delete(scratch);
  }

  static List<HostileCorpus.Vector> vectors() {
    return HostileCorpus.vectors();
  }

  /** The vector's file made with this text in it, and inspected under its own name. */
  private static Verdict inspect(HostileCorpus.Vector v, String text, Path dir) throws Exception {
    Path f = dir.resolve(v.fileName());
    v.maker().make(f, text);
    return inspector.inspect(f, v.fileName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theSpillIsFound(HostileCorpus.Vector v, @TempDir Path dir) throws Exception {
    Verdict verdict = inspect(v, HostileCorpus.SPILL, dir);
    assertFalse(verdict.classified().isEmpty(), v + ": " + verdict);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void itsCleanTwinIsNotHeld(HostileCorpus.Vector v, @TempDir Path dir) throws Exception {
    Verdict verdict = inspect(v, HostileCorpus.CLEAN, dir);
    assertTrue(verdict.complete(), v + ": " + verdict);
    assertEquals(List.of(), verdict.classified(), v.toString());
    assertEquals(List.of(), verdict.unreadImages(), v.toString());
  }
}
