package org.prex.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.prex.designate.Designation;

class ManifestParserTest {
  private static final Set<String> AGENCIES = Set.of("caisi", "cisa", "nsa", "doe-labs", "uk-aisi");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  /** SHA-256 of "Aurora 2 model card\n"; the example writes it in upper case. */
  private static final String CARD_SHA256 =
      "88a185928b8cd97ba146936b3575ebeafd2c4a4b86c650388c9db4ea5284baed";

  /**
   * The example of docs/formats.md (submission.yaml); tests edit it line by line, so line numbers
   * stay put.
   */
  private static final List<String> EXAMPLE =
      List.of(
          "# submission.yaml",
          "reference: aurora-2-preview          # the lab's own reference",
          "model: { name: Aurora, version: \"2.0-rc1\" }",
          "release-date: 2026-12-20             # planned public release",
          "designation: CUI//SP-PROPIN          # default for the items below",
          "recipients: [caisi, cisa, nsa]",
          "dissemination-list: [caisi, nsa]     # required when a designation carries DL ONLY",
          "items:",
          "  - path: model-card.md",
          "    sha256: " + CARD_SHA256.toUpperCase(),
          "  - path: evals/cyber-range-results.pdf",
          "    designation: CUI//SP-PROPIN//DL ONLY",
          "  - path: weights/aurora-2.safetensors");

  /** The example with lines replaced: pairs of 1-based line number and new text. */
  private static String example(Object... lineThenText) {
    List<String> lines = new ArrayList<>(EXAMPLE);
    for (int i = 0; i < lineThenText.length; i += 2) {
      lines.set((Integer) lineThenText[i] - 1, (String) lineThenText[i + 1]);
    }
    return String.join("\n", lines) + "\n";
  }

  private static SubmissionManifest parse(String yaml) throws ManifestException {
    return parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static SubmissionManifest parse(byte[] yaml) throws ManifestException {
    return ManifestParser.parse(yaml, AGENCIES, TODAY);
  }

  private static List<String> problems(byte[] yaml) {
    return assertThrows(ManifestException.class, () -> parse(yaml)).problems();
  }

  @Test
  void theSpecExample_parsesWithEveryField() throws Exception {
    SubmissionManifest m = parse(example());
    assertEquals("aurora-2-preview", m.reference());
    assertEquals("Aurora", m.modelName());
    assertEquals("2.0-rc1", m.modelVersion());
    assertEquals(LocalDate.of(2026, 12, 20), m.releaseDate());
    assertEquals(Designation.parse("CUI//SP-PROPIN"), m.designation());
    assertEquals(List.of("caisi", "cisa", "nsa"), m.recipients());
    assertEquals(List.of("caisi", "nsa"), m.disseminationList());
    assertEquals(
        List.of(
            new ManifestItem("model-card.md", CARD_SHA256, null, 9),
            new ManifestItem(
                "evals/cyber-range-results.pdf",
                null,
                Designation.parse("CUI//SP-PROPIN//DL ONLY"),
                11),
            new ManifestItem("weights/aurora-2.safetensors", null, null, 13)),
        m.items());
  }

  @Test
  void aMinimalManifest_leavesOptionalFieldsAbsent() throws Exception {
    SubmissionManifest m =
        parse("reference: r1\nrelease-date: 2026-11-26\nitems:\n  - path: weights.gguf\n");
    assertNull(m.modelName());
    assertNull(m.modelVersion());
    assertNull(m.designation());
    assertNull(m.recipients(), "absent recipients means all agencies");
    assertEquals(List.of(), m.disseminationList());
    assertEquals(List.of(new ManifestItem("weights.gguf", null, null, 4)), m.items());
    assertEquals(TODAY, m.releaseDate(), "today itself is not in the past");
  }

  @Test
  void decontrolOnRelease_marksItsItem_andMustBeTrueOrFalse() throws Exception {
    SubmissionManifest m =
        parse(
            "reference: r1\nrelease-date: 2026-11-30\nitems:\n  - path: card.md\n"
                + "    decontrol-on-release: true\n  - path: eval.md\n"
                + "    decontrol-on-release: false\n  - path: w.gguf\n");
    assertEquals(
        List.of(
            new ManifestItem("card.md", null, null, 4, true),
            new ManifestItem("eval.md", null, null, 6, false),
            new ManifestItem("w.gguf", null, null, 8, false)),
        m.items());
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () ->
                parse(
                    "reference: r1\nrelease-date: 2026-11-30\nitems:\n  - path: card.md\n"
                        + "    decontrol-on-release: yes\n"));
    assertEquals(List.of("line 5: decontrol-on-release 'yes' must be true or false"), e.problems());
  }

  @Test
  void aNumericModelVersion_keepsItsTextAsWritten() throws Exception {
    SubmissionManifest m = parse(example(3, "model:\n  name: Aurora\n  version: 2.0"));
    assertEquals("2.0", m.modelVersion());
  }

  @Test
  void aByteOrderMarkAndAQuotedDate_areAccepted() throws Exception {
    SubmissionManifest m = parse("\uFEFF" + example(4, "release-date: \"2026-12-20\""));
    assertEquals(LocalDate.of(2026, 12, 20), m.releaseDate());
  }

  static Stream<Arguments> oneProblem() {
    return Stream.of(
        // top level
        arguments(
            "unknown key",
            example(6, "recipent: [caisi]"),
            6,
            "unknown key 'recipent' (allowed: reference, model, release-date, designation,"
                + " recipients, dissemination-list, items)"),
        arguments(
            "duplicate key",
            example(5, "reference: again"),
            5,
            "duplicate key 'reference' (first on line 2)"),
        arguments("reference missing", example(2, "# none"), 3, "reference is missing"),
        arguments("reference blank", example(2, "reference: \"  \""), 2, "reference is empty"),
        arguments(
            "reference too long",
            example(2, "reference: " + "x".repeat(201)),
            2,
            "reference is 201 characters long (at most 200 allowed)"),
        arguments(
            "reference a list",
            example(2, "reference: [a, b]"),
            2,
            "reference must be a single value"),
        // model
        arguments("model not a mapping", example(3, "model: Aurora"), 3, "model must be a mapping"),
        arguments(
            "model unknown key",
            example(3, "model: { name: Aurora, colour: blue }"),
            3,
            "model: unknown key 'colour' (allowed: name, version)"),
        arguments(
            "model name a list",
            example(3, "model: { name: [A, B] }"),
            3,
            "model name must be a single value"),
        // release-date
        arguments(
            "release-date in the past",
            example(4, "release-date: 2026-01-02"),
            4,
            "release-date 2026-01-02 is in the past (today is 2026-11-26)"),
        arguments(
            "release-date with a time",
            example(4, "release-date: 2026-12-20T10:00:00Z"),
            4,
            "release-date '2026-12-20T10:00:00Z' is not a date YYYY-MM-DD"),
        arguments(
            "release-date no such day",
            example(4, "release-date: 2026-02-30"),
            4,
            "release-date '2026-02-30' is not a date YYYY-MM-DD"),
        arguments("release-date missing", example(4, "# later"), 2, "release-date is missing"),
        // designation
        arguments(
            "designation unknown category",
            example(5, "designation: CUI//SP-PROPN"),
            5,
            "designation CUI//SP-PROPN: unknown category PROPN (known: CEII, CRIT,"),
        arguments("designation empty", example(5, "designation:"), 5, "designation is empty"),
        // recipients
        arguments(
            "recipients unknown agency",
            example(6, "recipients: [caisi, cisa, nsa, fbi]"),
            6,
            "recipients: unknown agency fbi (known: caisi, cisa, doe-labs, nsa, uk-aisi)"),
        arguments(
            "recipients duplicate",
            example(6, "recipients: [caisi, cisa, nsa, cisa]"),
            6,
            "recipients: cisa is listed twice"),
        arguments(
            "recipients empty list",
            example(6, "recipients: []"),
            6,
            "recipients is empty: name at least one agency, or leave it out for all"),
        arguments(
            "recipients empty value",
            example(6, "recipients:"),
            6,
            "recipients is empty: name at least one agency, or leave it out for all"),
        arguments(
            "recipients not a list",
            example(6, "recipients: caisi"),
            6,
            "recipients must be a list of agency ids"),
        // dissemination-list
        arguments(
            "dissemination-list unknown agency",
            example(7, "dissemination-list: [caisi, fbi]"),
            7,
            "dissemination-list: unknown agency fbi (known: caisi, cisa, doe-labs, nsa,"),
        arguments(
            "dissemination-list duplicate",
            example(7, "dissemination-list: [caisi, nsa, caisi]"),
            7,
            "dissemination-list: caisi is listed twice"),
        arguments(
            "dissemination-list beyond recipients",
            example(7, "dissemination-list: [caisi, uk-aisi]"),
            7,
            "dissemination-list: uk-aisi is not among the recipients (caisi, cisa, nsa)"),
        // DL ONLY
        arguments(
            "item DL ONLY without dissemination-list",
            example(7, "# none"),
            12,
            "designation CUI//SP-PROPIN//DL ONLY carries DL ONLY but the manifest has no"
                + " dissemination-list"),
        arguments(
            "default DL ONLY with an empty dissemination-list",
            example(
                5,
                "designation: CUI//SP-PROPIN//FED ONLY/DL ONLY",
                7,
                "dissemination-list: []",
                12,
                "    designation: CUI//SP-PROPIN"),
            5,
            "designation CUI//SP-PROPIN//FED ONLY/DL ONLY carries DL ONLY but the manifest has"
                + " no dissemination-list"),
        // items
        arguments(
            "items missing",
            example(8, "#", 9, "#", 10, "#", 11, "#", 12, "#", 13, "#"),
            2,
            "items is missing"),
        arguments(
            "items empty",
            example(8, "items: []", 9, "#", 10, "#", 11, "#", 12, "#", 13, "#"),
            8,
            "items is empty"),
        arguments(
            "items not a list",
            example(8, "items: model-card.md", 9, "#", 10, "#", 11, "#", 12, "#", 13, "#"),
            8,
            "items must be a list"),
        arguments(
            "item not a mapping",
            example(13, "  - weights/aurora-2.safetensors"),
            13,
            "item must be a mapping (path, sha256, designation, decontrol-on-release)"),
        arguments(
            "item unknown key",
            example(10, "    sha: abc"),
            10,
            "item: unknown key 'sha' (allowed: path, sha256, designation, decontrol-on-release)"),
        arguments(
            "item duplicate key",
            example(10, "    path: other.md"),
            10,
            "item: duplicate key 'path' (first on line 9)"),
        arguments(
            "item without path",
            example(13, "  - designation: PUBLIC"),
            13,
            "item: path is missing"),
        arguments(
            "path absolute",
            example(13, "  - path: /etc/passwd"),
            13,
            "path /etc/passwd is absolute"),
        arguments(
            "path with backslash",
            example(13, "  - path: weights\\aurora.bin"),
            13,
            "path weights\\aurora.bin contains '\\'"),
        arguments(
            "path escaping",
            example(13, "  - path: ../x"),
            13,
            "path ../x escapes the submission folder"),
        arguments(
            "path escaping from inside",
            example(13, "  - path: weights/../../x"),
            13,
            "path weights/../../x escapes the submission folder"),
        arguments(
            "path with a dot segment",
            example(13, "  - path: ./weights/a.bin"),
            13,
            "path ./weights/a.bin has a '.' segment"),
        arguments(
            "path with an empty segment",
            example(13, "  - path: weights//a.bin"),
            13,
            "path weights//a.bin has an empty segment"),
        arguments(
            "path with a trailing slash",
            example(13, "  - path: weights/"),
            13,
            "path weights/ has an empty segment"),
        arguments("path empty", example(13, "  - path: \"\""), 13, "path is empty"),
        arguments(
            "path with a control character",
            example(13, "  - path: \"a\\tb\""),
            13,
            "path a\\u0009b contains a control character"),
        arguments(
            "path with a direction override",
            example(13, "  - path: \"evil\\u202Efdp.exe\""),
            13,
            "path evil\\u202efdp.exe contains a control character"),
        arguments(
            "path is the manifest",
            example(13, "  - path: submission.yaml"),
            13,
            "path submission.yaml is the manifest itself"),
        arguments(
            "path listed twice",
            example(13, "  - path: model-card.md"),
            13,
            "path model-card.md is listed twice (first on line 9)"),
        arguments(
            "sha256 too short",
            example(10, "    sha256: 4f1c"),
            10,
            "sha256 '4f1c' must be exactly 64 hexadecimal digits"),
        arguments(
            "sha256 not hex",
            example(10, "    sha256: " + "g".repeat(64)),
            10,
            "must be exactly 64 hexadecimal digits"),
        arguments(
            "item designation unknown control",
            example(12, "    designation: CUI//SP-PROPIN//DL ONLY/NOFRN"),
            12,
            "designation CUI//SP-PROPIN//DL ONLY/NOFRN: unknown control NOFRN (known:"),
        // the file as a whole
        arguments("empty file", "", 1, "submission.yaml is empty"),
        arguments("only comments", "# nothing yet\n", 1, "submission.yaml is empty"),
        arguments("not a mapping", "# list\n- a\n- b\n", 2, "expected a mapping (reference,"),
        arguments(
            "not valid YAML", "reference: r\nitems: [a, b\nrelease-date: x\n", 3, "not valid YAML"),
        arguments(
            "duplicate key inside a flow mapping",
            example(3, "model: { name: A, name: B }"),
            3,
            "model: duplicate key 'name' (first on line 3)"),
        arguments("two documents", "reference: r\n---\nreference: s\n", 2, "not valid YAML"),
        arguments(
            "alias bomb",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            1,
            "not valid YAML: Number of aliases for non-scalar nodes exceeds"));
  }

  private static Arguments arguments(String name, Object yaml, int line, String phrase) {
    byte[] bytes = yaml instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) yaml;
    return Arguments.of(name, bytes, line, phrase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneProblem")
  void aFlawedManifest_isRefusedWithItsLineAndProblem(
      String name, byte[] yaml, int line, String phrase) {
    List<String> problems = problems(yaml);
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
    String p = problems.get(0);
    assertTrue(p.startsWith("line " + line + ": "), () -> "wrong line: " + p);
    assertTrue(p.contains(phrase), () -> "expected '" + phrase + "' in: " + p);
  }

  @Test
  void aManifestOverOneMebibyte_isRefusedUnread() {
    byte[] big = new byte[ManifestParser.MAX_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    assertEquals(List.of("line 1: submission.yaml is larger than 1 MiB"), problems(big));
  }

  @Test
  void invalidUtf8_isRefusedWithItsLine() {
    byte[] good = example().getBytes(StandardCharsets.UTF_8);
    byte[] bad = Arrays.copyOf(good, good.length);
    int at = example().indexOf("Aurora,");
    bad[at] = (byte) 0xC3;
    bad[at + 1] = (byte) 0x28;
    List<String> problems = problems(bad);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems.get(0).startsWith("line 3: not valid UTF-8 (byte 0xC3)"), problems::toString);
  }

  @Test
  void deeplyNestedInput_isRefusedWithoutCrashing() {
    String deep = "reference: " + "[".repeat(200_000) + "\n";
    List<String> problems = problems(deep.getBytes(StandardCharsets.UTF_8));
    assertEquals(1, problems.size(), problems::toString);
    assertEquals(List.of("line 1: not valid YAML: nested too deeply"), problems);
  }

  @Test
  void nestedListsAsAgencyIds_areProblemsNotCrashes() {
    byte[] yaml =
        example(6, "recipients: [caisi, [nsa]]", 7, "dissemination-list: [[caisi]]")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        List.of(
            "line 6: recipients entry must be a single value, not a list or mapping",
            "line 7: dissemination-list entry must be a single value, not a list or mapping"),
        problems(yaml));
  }

  @Test
  void everyProblem_isReportedInOneGo() {
    String yaml =
        String.join(
            "\n",
            "reference: \"\"",
            "model: { name: Aurora, version: 2.0, size: 7B }",
            "release-date: 2026-01-02",
            "designation: CUI//SP-PROPN",
            "recipients: [caisi, fbi, caisi]",
            "dissemination-list: [nsa]",
            "colour: blue",
            "items:",
            "  - path: ../etc/passwd",
            "    sha256: 4f1c",
            "  - path: evals/report.pdf",
            "    designation: CUI//SP-PROPIN//DL ONLY",
            "  - path: evals/report.pdf",
            "  - path: submission.yaml",
            "");
    List<String> problems = problems(yaml.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "line 7: unknown key 'colour' (allowed: reference, model, release-date, designation,"
                + " recipients, dissemination-list, items)",
            "line 1: reference is empty: give the submission your own reference",
            "line 2: model: unknown key 'size' (allowed: name, version)",
            "line 3: release-date 2026-01-02 is in the past (today is 2026-11-26)",
            "line 4: designation CUI//SP-PROPN: unknown category PROPN (known: CEII, CRIT, DCNI,"
                + " EXPT, EXPTR, ISVI, NNPI, PCII, PRIVILEGE, PROPIN, PRVCY, SSI, UCNI)",
            "line 5: recipients: unknown agency fbi (known: caisi, cisa, doe-labs, nsa, uk-aisi)",
            "line 5: recipients: caisi is listed twice",
            "line 6: dissemination-list: nsa is not among the recipients (caisi)",
            "line 9: path ../etc/passwd escapes the submission folder",
            "line 10: sha256 '4f1c' must be exactly 64 hexadecimal digits (or leave it out)",
            "line 13: path evals/report.pdf is listed twice (first on line 11)",
            "line 14: path submission.yaml is the manifest itself: list only the files it"
                + " describes"),
        problems);
  }
}
