package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Cli.Run;

/**
 * {@code prex policy check | explain | diff}, black-box through the command line. {@code explain}
 * is checked against an oracle written here from the routing rules as docs/policy.md states them,
 * on its own reading of the designation text, for designations that make every rule decide.
 */
class PolicyCommandTest {
  /** The agencies of the oracle, as a policy writes them. */
  record Agency(String id, String country, boolean federal, Set<String> categories) {}

  static final List<Agency> AGENCIES =
      List.of(
          new Agency("caisi", "USA", true, Set.of("PROPIN", "EXPT")),
          new Agency("cisa", "USA", true, Set.of("PROPIN")),
          new Agency("doe-labs", "USA", false, Set.of("PROPIN", "EXPT")),
          new Agency("uk-aisi", "GBR", false, Set.of("PROPIN")),
          new Agency("ca-aisi", "CAN", true, Set.of("PROPIN", "PRVCY")),
          new Agency("bare", "USA", true, Set.of()));

  static String policy(List<Agency> agencies) {
    StringBuilder b = new StringBuilder("version: 1\nagencies:\n");
    for (Agency a : agencies) {
      b.append("  ").append(a.id()).append(":\n");
      b.append("    country: ").append(a.country()).append('\n');
      b.append("    federal: ").append(a.federal()).append('\n');
      b.append("    categories: [").append(String.join(", ", a.categories())).append("]\n");
      b.append("    deliver: file:outbox/").append(a.id()).append('\n');
    }
    return b.toString();
  }

  /**
   * The rules of docs/policy.md read literally: the first rule (1–5) that refuses the agency, or 0
   * if it receives the item. Parses the banner itself: CUI[//CATEGORIES][//CONTROLS].
   */
  static int oracle(Agency a, String designation, Set<String> recipients, Set<String> dl) {
    if (!recipients.contains(a.id())) {
      return 1;
    }
    if (designation.equals("PUBLIC")) {
      return 0;
    }
    String[] parts = designation.split("//");
    List<String> categories = new ArrayList<>();
    List<String> controls = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      boolean isControls =
          i == 2
              || Arrays.stream(parts[i].split("/"))
                  .anyMatch(
                      t ->
                          t.startsWith("REL TO")
                              || List.of("NOFORN", "FED ONLY", "FEDCON", "NOCON", "DL ONLY")
                                  .contains(t));
      (isControls ? controls : categories).addAll(Arrays.asList(parts[i].split("/")));
    }
    boolean usa = a.country().equals("USA");
    boolean noforn = controls.contains("NOFORN");
    boolean relToMe =
        controls.stream()
            .anyMatch(
                c ->
                    c.startsWith("REL TO")
                        && Arrays.stream(c.substring(6).split(","))
                            .map(String::strip)
                            .anyMatch(a.country()::equals));
    if (!(usa || (relToMe && !noforn))) {
      return 2;
    }
    for (String c : categories) {
      if (c.startsWith("SP-") && !a.categories().contains(c.substring(3))) {
        return 3;
      }
    }
    if ((controls.contains("FED ONLY") || controls.contains("NOCON")) && !a.federal()) {
      return 4;
    }
    if (controls.contains("DL ONLY") && !dl.contains(a.id())) {
      return 5;
    }
    return 0;
  }

  static final List<String> DESIGNATIONS =
      List.of(
          "PUBLIC",
          "CUI",
          "CUI//SP-PROPIN",
          "CUI//SP-EXPT",
          "CUI//SP-EXPT/SP-PROPIN",
          "CUI//SP-PRVCY",
          "CUI//PRVCY",
          "CUI//SP-PROPIN//NOFORN",
          "CUI//SP-PROPIN//REL TO USA, GBR",
          "CUI//SP-PROPIN//REL TO USA, CAN, GBR",
          "CUI//REL TO USA, CAN",
          "CUI//SP-PROPIN//FED ONLY",
          "CUI//SP-PROPIN//NOCON",
          "CUI//SP-PROPIN//FEDCON",
          "CUI//SP-PROPIN//DL ONLY",
          "CUI//SP-PROPIN//FED ONLY/DL ONLY",
          "CUI//SP-EXPT/SP-PROPIN//NOCON/DL ONLY/REL TO USA, CAN",
          "CUI//SP-PRVCY//FED ONLY/REL TO USA, GBR, CAN");

  static final List<List<String>> RECIPIENTS =
      List.of(
          List.of(), List.of("caisi", "uk-aisi", "ca-aisi"), List.of("cisa", "doe-labs", "bare"));

  static final List<List<String>> LISTS =
      List.of(List.of(), List.of("caisi", "doe-labs", "ca-aisi"), List.of("uk-aisi", "cisa"));

  private static final Pattern LINE =
      Pattern.compile("(\\S+)\\s+(delivered|refused)\\s+(?:rule (\\d)|rules 1-5 hold):.*");

  @Test
  void explain_matchesTheOracle_forEveryRuleAndAgency(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), policy(AGENCIES));
    Set<Integer> rulesSeen = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    AGENCIES.forEach(a -> all.add(a.id()));
    for (String d : DESIGNATIONS) {
      for (List<String> recipients : RECIPIENTS) {
        for (List<String> dl : LISTS) {
          List<String> args = new ArrayList<>(List.of("policy", "explain", d));
          args.addAll(List.of("--routes", dir.toString()));
          if (!recipients.isEmpty()) {
            args.add("--recipients=" + String.join(",", recipients));
          }
          if (!dl.isEmpty()) {
            args.add("--dl=" + String.join(",", dl));
          }
          Run run = prex(args.toArray(String[]::new));
          assertEquals(0, run.code(), run.err());
          Map<String, Integer> printed = new LinkedHashMap<>();
          for (String line : run.out().split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
              int rule = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
              boolean delivered = m.group(2).equals("delivered");
              // a delivery names rule 2 only for PUBLIC; the oracle says 0 for any delivery
              printed.put(m.group(1), delivered ? 0 : rule);
              assertTrue(delivered ? rule == 0 || rule == 2 : rule >= 1, line);
            }
          }
          Set<String> to = recipients.isEmpty() ? all : Set.copyOf(recipients);
          Map<String, Integer> expected = new LinkedHashMap<>();
          for (Agency a : AGENCIES.stream().sorted((x, y) -> x.id().compareTo(y.id())).toList()) {
            expected.put(a.id(), oracle(a, d, to, Set.copyOf(dl)));
          }
          assertEquals(expected, printed, d + " to " + to + " dl " + dl + ":\n" + run.out());
          rulesSeen.addAll(expected.values());
        }
      }
    }
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), rulesSeen, "every rule decided at least once");
  }

  @Test
  void explainAsJson_givesEachAgencysDecisionAndRule(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), policy(AGENCIES));
    Run run =
        prex(
            "policy",
            "explain",
            "CUI//SP-PROPIN//NOCON",
            "--routes",
            dir.toString(),
            "--format",
            "json");
    assertEquals(0, run.code(), run.err());
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertEquals("CUI//SP-PROPIN//NOCON", json.get("designation").asText());
    Map<String, Integer> rules = new LinkedHashMap<>();
    json.get("decisions")
        .forEach(
            d -> {
              assertEquals(d.get("rule").asInt() == 0, d.get("delivered").asBoolean());
              rules.put(d.get("agency").asText(), d.get("rule").asInt());
            });
    assertEquals(
        Map.of("bare", 3, "ca-aisi", 2, "caisi", 0, "cisa", 0, "doe-labs", 4, "uk-aisi", 2), rules);
  }

  @Test
  void explain_refusesAnUnknownAgencyOrDesignation(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), policy(AGENCIES));
    Run unknown = prex("policy", "explain", "CUI", "--routes", dir.toString(), "--dl", "fbi");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("error: --dl: unknown agency 'fbi'"), unknown.err());
    Run bad = prex("policy", "explain", "CUI//SP-PROPN", "--routes", dir.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("unknown category PROPN"), bad.err());
  }

  @Test
  void diff_namesWhoGainsAndLoses_whenACategoryAndACountryChange(@TempDir Path dir)
      throws IOException {
    Path old = dir.resolve("old.yaml");
    Path now = dir.resolve("new.yaml");
    Files.writeString(old, policy(AGENCIES));
    List<Agency> changed = new ArrayList<>(AGENCIES);
    changed.set(1, new Agency("cisa", "USA", true, Set.of("PROPIN", "EXPT")));
    changed.set(3, new Agency("uk-aisi", "AUS", false, Set.of("PROPIN")));
    Files.writeString(now, policy(changed));
    Run run = prex("policy", "diff", old.toString(), now.toString());
    assertEquals(0, run.code(), run.err());
    List<String> lines = List.of(run.out().split("\n"));
    List<String> summary = new ArrayList<>();
    String designation = null;
    for (String line : lines.subList(2, lines.size() - 1)) {
      if (line.startsWith("  ")) {
        summary.add(designation + " " + line.strip().replaceAll(" \\(.*", ""));
      } else {
        designation = line;
      }
    }
    // cisa may now hold SP-EXPT; uk-aisi moved from GBR to AUS; nothing else changes:
    // uk-aisi 4 (CUI and CUI//SP-PROPIN, each REL TO GBR and AUS); cisa 9 (CUI//SP-EXPT alone,
    // with each of the 5 controls, and REL TO each of AUS, CAN, GBR)
    assertEquals(13, summary.size(), run.out());
    assertTrue(summary.contains("CUI//SP-EXPT + cisa gains"), run.out());
    assertTrue(summary.contains("CUI//SP-EXPT//FED ONLY + cisa gains"), run.out());
    assertTrue(summary.contains("CUI//SP-PROPIN//REL TO USA, GBR - uk-aisi loses"), run.out());
    assertTrue(summary.contains("CUI//SP-PROPIN//REL TO USA, AUS + uk-aisi gains"), run.out());
    assertTrue(
        summary.stream().allMatch(s -> s.matches(".*(\\+ cisa gains|[-+] uk-aisi (loses|gains))")),
        run.out());
    assertTrue(
        summary.stream().noneMatch(s -> s.contains("SP-EXPT") && s.contains("uk-aisi")),
        "uk-aisi never held EXPT: " + run.out());
    assertTrue(
        lines
            .get(lines.size() - 1)
            .matches(summary.size() + " change\\(s\\) in access over \\d+.*"),
        run.out());

    Run same = prex("policy", "diff", old.toString(), old.toString());
    assertEquals(0, same.code());
    assertTrue(same.out().contains("no agency gains or loses access"), same.out());
  }

  @Test
  void check_listsEveryProblemAndExitsOne_orExitsZero(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("policy.yaml"),
        policy(AGENCIES).replace("  bare:", "  caisi:") + "floors:\n  model-weight: CUI\n");
    Run run = prex("policy", "check", "--routes", dir.toString(), "--keys", "keys-example");
    assertEquals(1, run.code(), run.out());
    Path file = dir.resolve("policy.yaml");
    List<String> errors = List.of(run.err().split("\n"));
    assertEquals(
        List.of(
            "error: "
                + file
                + ": line 23: agency ca-aisi: no usable key: keys-example/agencies/"
                + "ca-aisi.asc: missing",
            "error: " + file + ": line 28: agencies: duplicate agency 'caisi' (first on line 3)",
            "error: "
                + file
                + ": line 34: floors: unknown kind 'model-weight' (allowed: document,"
                + " model-weights, archive, code, data, image, other); did you mean"
                + " 'model-weights'?",
            "error: " + file + " is refused: 3 problem(s) above",
            "hint: fix them; 'prex policy check' checks again"),
        errors);

    Run shipped = prex("policy", "check");
    assertEquals(0, shipped.code(), shipped.err());
    assertTrue(shipped.out().startsWith("routes/policy.yaml: valid, sha256 "), shipped.out());
  }
}
