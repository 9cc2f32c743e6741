package org.prex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.prex.config.AgencyKeys;
import org.prex.config.PolicyException;
import org.prex.config.PolicyFile;
import org.prex.config.PolicyLoader;
import org.prex.designate.Designation;
import org.prex.route.PolicyDiff;
import org.prex.route.Router;
import org.prex.route.RoutingRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "For security officers: check the routing policy, see what it decides and what a change"
            + " would do, before it goes live (docs/policy.md).",
    subcommands = {
      PolicyCommand.Check.class,
      PolicyCommand.Explain.class,
      PolicyCommand.Diff.class,
      PolicyReloadCommand.class
    })
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads a policy strictly; every problem as an error line, then a failure (exit 1). */
  static PolicyFile load(CommandSpec spec, Path file, AgencyKeys keys, Path data) {
    try {
      return PolicyLoader.read(file, keys, data);
    } catch (PolicyException e) {
      for (String p : e.problems()) {
        spec.commandLine().getErr().println("error: " + file + ": " + p);
      }
      throw new CommandFailed(
          file + " is refused: " + e.problems().size() + " problem(s) above",
          "fix them; 'prex policy check' checks again");
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validates routes/policy.yaml as serve does at start, without starting anything: every"
            + " problem with its line, and every agency's key.",
        "Exit 0 if the policy is valid, 1 listing every problem."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RoutesFolder routes;

    @Option(
        names = "--keys",
        defaultValue = "keys-example",
        description =
            "Keys folder whose agencies/<id>.asc are checked (default: ${DEFAULT-VALUE}).")
    Path keys;

    @Option(
        names = "--data",
        description =
            "Data folder: also check that sftp: key files named relative to it are readable.")
    Path data;

    @Override
    public Integer call() {
      Path file = routes.path.resolve(PolicyLoader.FILE_NAME);
      PolicyFile p = load(spec, file, AgencyKeys.in(keys, Instant.now()), data);
      spec.commandLine()
          .getOut()
          .println(
              file
                  + ": valid, sha256 "
                  + p.sha256()
                  + "; agencies "
                  + String.join(", ", p.policy().agencies().keySet()));
      return 0;
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "For every agency: would an item of DESIGNATION be delivered to it, and the rule (see"
            + " docs/policy.md) that decided it. Uses the routing code serve uses.",
        "Output: one line per agency: AGENCY delivered|refused RULE: WHY."
      })
  static final class Explain implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DESIGNATION", description = "e.g. 'CUI//SP-PROPIN//REL TO USA, GBR'")
    String designation;

    @Option(
        names = "--recipients",
        split = ",",
        paramLabel = "AGENCY",
        description = "The submission's recipients (default: every agency of the policy).")
    List<String> recipients;

    @Option(
        names = "--dl",
        split = ",",
        paramLabel = "AGENCY",
        description = "The submission's dissemination list (default: none).")
    List<String> dl;

    @Mixin RoutesFolder routes;

    @Option(
        names = "--format",
        defaultValue = "text",
        description =
            "text, or json: {policy-sha256, designation, decisions: [{agency, delivered, rule,"
                + " why}]} (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws java.io.IOException {
      if (!List.of("text", "json").contains(format)) {
        throw new CommandFailed("unknown format '" + format + "'", "use text or json", 2);
      }
      Designation d;
      try {
        d = Designation.parse(designation);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed(e.getMessage(), "see docs/policy.md for the grammar", 2);
      }
      Path file = routes.path.resolve(PolicyLoader.FILE_NAME);
      PolicyFile p = load(spec, file, AgencyKeys.UNCHECKED, null);
      Set<String> known = p.policy().agencies().keySet();
      Set<String> to = recipients == null ? known : agencies("--recipients", recipients, known);
      Set<String> list = dl == null ? Set.of() : agencies("--dl", dl, known);
      PrintWriter out = spec.commandLine().getOut();
      List<RoutingRules.Decision> decisions = Router.decisions(p.policy(), d, to, list);
      if (format.equals("json")) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("policy-sha256", p.sha256());
        json.put("designation", d.toString());
        json.put("recipients", List.copyOf(to));
        json.put("dissemination-list", List.copyOf(list));
        json.put(
            "decisions",
            decisions.stream()
                .map(
                    x -> {
                      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                      m.put("agency", x.agency());
                      m.put("delivered", x.delivered());
                      m.put("rule", x.rule());
                      m.put("why", x.why());
                      return m;
                    })
                .toList());
        out.println(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(json));
        return 0;
      }
      out.println("policy " + file + " sha256 " + p.sha256());
      out.println("designation " + d);
      out.println(
          "recipients "
              + (recipients == null ? "all" : String.join(", ", to))
              + "; dissemination list "
              + (list.isEmpty() ? "none" : String.join(", ", list)));
      int width = known.stream().mapToInt(String::length).max().orElse(0);
      for (RoutingRules.Decision decision : decisions) {
        out.printf(
            "%-" + width + "s  %-9s  %s%n",
            decision.agency(),
            decision.delivered() ? "delivered" : "refused",
            decision.explained());
      }
      return 0;
    }

    private static Set<String> agencies(String option, List<String> ids, Set<String> known) {
      Set<String> out = new LinkedHashSet<>();
      for (String id : ids) {
        String a = id.strip();
        if (!known.contains(a)) {
          throw new CommandFailed(
              option + ": unknown agency '" + a + "'",
              "the policy's agencies are " + String.join(", ", known),
              2);
        }
        out.add(a);
      }
      return out;
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Which agencies gain or lose access between two policies, for representative"
            + " designations: PUBLIC, CUI, each policy's default, floors and legacy designations,"
            + " CUI//SP-C for every category either names, each alone and with every"
            + " dissemination control and REL TO every foreign country either names.",
        "Read it before a change goes live. Exit 0 (also when access changes), 1 if either"
            + " policy is refused."
      })
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "OLD",
        description = "The policy in force (a policy.yaml, or a routes folder holding one).")
    Path oldFile;

    @Parameters(
        index = "1",
        paramLabel = "NEW",
        description = "The policy to compare it with (a file or a routes folder).")
    Path newFile;

    @Override
    public Integer call() {
      oldFile = policyIn(oldFile);
      newFile = policyIn(newFile);
      PolicyFile old = load(spec, oldFile, AgencyKeys.UNCHECKED, null);
      PolicyFile now = load(spec, newFile, AgencyKeys.UNCHECKED, null);
      PrintWriter out = spec.commandLine().getOut();
      out.println("old " + oldFile + " sha256 " + old.sha256());
      out.println("new " + newFile + " sha256 " + now.sha256());
      Set<String> added = new TreeSet<>(now.policy().agencies().keySet());
      added.removeAll(old.policy().agencies().keySet());
      Set<String> removed = new TreeSet<>(old.policy().agencies().keySet());
      removed.removeAll(now.policy().agencies().keySet());
      if (!added.isEmpty()) {
        out.println("agencies added: " + String.join(", ", added));
      }
      if (!removed.isEmpty()) {
        out.println("agencies removed: " + String.join(", ", removed));
      }
      List<Designation> compared = PolicyDiff.representatives(old.policy(), now.policy());
      List<PolicyDiff.Change> changes = PolicyDiff.diff(old.policy(), now.policy());
      Designation current = null;
      for (PolicyDiff.Change c : changes) {
        if (!c.designation().equals(current)) {
          current = c.designation();
          out.println(current);
        }
        out.println(
            "  "
                + (c.gains() ? "+ " + c.agency() + " gains" : "- " + c.agency() + " loses")
                + " (was "
                + describe(c.before())
                + "; now "
                + describe(c.after())
                + ")");
      }
      out.println(
          changes.isEmpty()
              ? "no agency gains or loses access (" + compared.size() + " designations compared)"
              : changes.size()
                  + " change(s) in access over "
                  + compared.size()
                  + " designations compared");
      return 0;
    }

    /** A routes folder stands for the policy.yaml in it. */
    private static Path policyIn(Path p) {
      return java.nio.file.Files.isDirectory(p) ? p.resolve(PolicyLoader.FILE_NAME) : p;
    }

    private static String describe(RoutingRules.Decision d) {
      if (d == null) {
        return "not in the policy";
      }
      return (d.delivered() ? "delivered, " : "refused, ") + d.explained();
    }
  }
}
