package org.prex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.prex.config.PolicyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the routing policy that was in force under a sha256, as ROUTED and POLICY_LOADED"
          + " events, receipts and package manifests name it: the exact text serve loaded, kept in"
          + " DATA/policies/, checked against its hash before it is printed.",
      "Exit 1 if no policy is kept under that hash or its text no longer matches it."
    })
final class AuditPolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHA256", description = "The policy's sha256 (64 hex digits).")
  String sha256;

  @Mixin DataFolder data;

  @Override
  public Integer call() {
    PolicyStore store = PolicyStore.in(data.path);
    byte[] text;
    try {
      text = store.read(sha256);
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage(), "copy it from 'prex audit show ID'", 2);
    } catch (NoSuchFileException e) {
      throw new CommandFailed(
          "no policy " + sha256 + " is kept in " + store.dir(),
          "the sha256 comes from 'prex audit show ID' or a receipt's policy-sha256");
    } catch (IOException e) {
      throw new CommandFailed(e.getMessage(), null);
    }
    spec.commandLine().getOut().print(new String(text, StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
