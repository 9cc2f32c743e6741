package org.prex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.prex.keys.KeyCheck;
import org.prex.keys.KeyInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Makes and checks key sets (layout: docs/deployment.md).",
    subcommands = {KeysCommand.Init.class, KeysCommand.Check.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Makes a fresh key set: the exchange's signing key, a quarantine key, and, when asked,"
            + " key pairs for labs (SSH) and agencies (OpenPGP) for a demo or a test.",
        "Refuses to overwrite an existing, non-empty folder."
      })
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder to create.")
    Path dir;

    @Option(
        names = "--lab",
        paramLabel = "ID",
        description = "Also make an SSH key pair for this lab (repeatable).")
    List<String> labs = new ArrayList<>();

    @Option(
        names = "--agency",
        paramLabel = "ID",
        description = "Also make an OpenPGP key pair for this agency (repeatable).")
    List<String> agencies = new ArrayList<>();

    @Option(names = "--example", description = "Mark every key as an example, not for real use.")
    boolean example;

    @Override
    public Integer call() throws Exception {
      List<Path> made;
      try {
        made = KeyInit.init(dir, example, labs, agencies);
      } catch (java.io.IOException e) {
        throw new CommandFailed(
            e.getMessage(), "choose a new folder: keys init never overwrites keys");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("made " + made.size() + " file(s) in " + dir + ":");
      for (Path p : made) {
        out.println("  " + dir.relativize(p));
      }
      out.println(
          "The secret keys (*.secret.asc, labs/<lab>, exchange/signing.asc) are owner-only;"
              + " hand each lab and agency its own and keep the quarantine secret with the security"
              + " officer, not on the exchange.");
      return 0;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validates every key for its role: usable, not expired, not revoked. Exit 1 when any key"
              + " is unusable.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KeysFolder keys;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "Data folder whose modes to check, if it exists (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
      List<KeyCheck.KeyProblem> problems =
          new ArrayList<>(KeyCheck.check(keys.path, Instant.now(), Passphrases.signing()));
      problems.addAll(KeyCheck.dataFolder(data));
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      long errors = 0;
      for (KeyCheck.KeyProblem p : problems) {
        boolean error = p.severity() == KeyCheck.Severity.ERROR;
        errors += error ? 1 : 0;
        (error ? err : out)
            .println((error ? "error: " : "warning: ") + p.file() + ": " + p.problem());
      }
      if (errors > 0) {
        err.println(
            "hint: replace or re-issue the keys named above; 'prex keys init' makes a fresh set");
        return 1;
      }
      out.println(
          "keys in " + keys.path + ": all usable" + (problems.isEmpty() ? "" : " (see warnings)"));
      return 0;
    }
  }
}
