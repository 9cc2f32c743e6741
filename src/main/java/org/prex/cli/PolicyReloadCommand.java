package org.prex.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.prex.serve.PolicyReloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the serve running on DATA load its policy (and keys) again: the only way a changed"
          + " policy.yaml takes effect without a restart. A valid policy is logged POLICY_LOADED"
          + " and routes what comes next; one with any problem is refused (logged POLICY_REFUSED)"
          + " and the policy in force stays.",
      "Exit 0 if the policy is in force, 1 if it was refused or no serve answered."
    })
final class PolicyReloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataFolder data;

  @Option(
      names = "--wait",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "How long to wait for serve's answer (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!Files.isDirectory(data.path)) {
      throw new CommandFailed(
          "no data folder " + data.path, "give the --data folder serve runs on", 2);
    }
    PolicyReloads.Outcome outcome =
        PolicyReloads.request(data.path, Duration.ofSeconds(Math.max(1, waitSeconds)));
    if (outcome == null) {
      throw new CommandFailed(
          "no prex serve answered on " + data.path + " within " + waitSeconds + " s",
          "is serve running with --data " + data.path + "?");
    }
    if (!outcome.ok()) {
      for (String line : outcome.lines()) {
        spec.commandLine().getErr().println("error: " + line);
      }
      throw new CommandFailed(
          "policy reload "
              + outcome.status()
              + "; policy "
              + outcome.policySha256()
              + (outcome.status().equals("refused") ? " stays in force" : ""),
          "'prex policy check' lists the problems before a reload");
    }
    for (String line : outcome.lines()) {
      spec.commandLine().getOut().println(line);
    }
    return 0;
  }
}
