package org.prex.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFormat;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "For records officers: the transfer log, without content. Works while serve runs.",
    subcommands = {
      AuditCommand.ListEvents.class,
      AuditProofCommands.PrintCheckpoint.class,
      AuditProofCommands.Verify.class,
      AuditBackupCommands.Backup.class,
      AuditBackupCommands.Restore.class,
      AuditProofCommands.Prove.class,
      AuditProofCommands.Show.class,
      AuditPendingCommand.class,
      AuditPolicyCommand.class,
      CheckReceiptCommand.class
    })
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Transfer events, newest last.")
  static final class ListEvents implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataFolder data;

    @Mixin DbOption db;

    @Option(names = "--lab", description = "Only this lab's events.")
    String lab;

    @Option(names = "--agency", description = "Only events for this agency.")
    String agency;

    @Option(names = "--submission", description = "Only this submission's events.")
    String submission;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description = "Only events at or after this ISO-8601 instant, e.g. 2026-11-26T00:00:00Z.")
    String since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "Only events before this ISO-8601 instant.")
    String until;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        split = ",",
        description =
            "Only events of these types (repeatable, or comma-separated), e.g. DELIVERED.")
    List<String> types = new ArrayList<>();

    @Option(
        names = "--format",
        defaultValue = "table",
        description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
      if (!List.of("table", "csv", "json").contains(format)) {
        throw new CommandFailed("unknown format '" + format + "'", "use table, csv or json", 2);
      }
      Instant from = instant("--since", since);
      Instant to = instant("--until", until);
      Set<EventType> only = EnumSet.noneOf(EventType.class);
      for (String t : types) {
        try {
          only.add(EventType.valueOf(t.strip()));
        } catch (IllegalArgumentException e) {
          throw new CommandFailed(
              "--type '" + t + "' is not an event type",
              "one of " + java.util.Arrays.toString(EventType.values()),
              2);
        }
      }
      List<AuditEvent> events;
      try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
        events = log.list(new AuditQuery(lab, agency, submission, from, only, to));
      }
      PrintWriter out = spec.commandLine().getOut();
      AuditFormat.write(events, format, out);
      out.flush();
      return 0;
    }

    private static Instant instant(String option, String text) {
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new CommandFailed(
            option + " '" + text + "' is not an ISO-8601 instant",
            "write it like 2026-11-26T00:00:00Z",
            2);
      }
    }
  }
}
