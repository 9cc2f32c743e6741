package org.prex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.prex.audit.LogBackup;
import org.prex.audit.LogCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit backup} and {@code audit restore} (docs/operations.md, "Backup and restore"). */
final class AuditBackupCommands {
  private AuditBackupCommands() {}

  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description =
          "Writes a backup of the transfer log to FILE (a zip, owner-only), while serve runs.")
  static final class Backup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolder data;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The backup.")
    Path out;

    @Override
    public Integer call() {
      long events = LogBackup.backup(data.path, out);
      spec.commandLine()
          .getOut()
          .println("backed up the transfer log (" + events + " events and the journal) to " + out);
      return 0;
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Restores a backup into a data folder that holds no log, then verifies it; serve must"
              + " not be running on that folder.")
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolder data;

    @Option(
        names = "--from",
        paramLabel = "FILE",
        required = true,
        description = "A backup made by 'prex audit backup'.")
    Path from;

    @Override
    public Integer call() {
      LogCheck check = LogBackup.restore(from, data.path);
      if (!check.intact()) {
        throw new CommandFailed(
            "the restored log does not verify: " + check.problem(),
            "the backup is damaged or was changed; try an older one",
            1);
      }
      spec.commandLine()
          .getOut()
          .println(
              "restored the transfer log: "
                  + check.treeSize()
                  + " events, intact. Prove that nothing a lab or agency holds is missing:"
                  + " prex audit verify --data "
                  + data.path
                  + " --checkpoint <a recent receipt or manifest>");
      return 0;
    }
  }
}
