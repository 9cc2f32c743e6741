package org.prex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.prex.audit.AuditLog;
import org.prex.review.Pending;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prex audit pending}: what each submission's review still waits for (docs/review-cycle.md).
 */
@Command(
    name = "pending",
    mixinStandardHelpOptions = true,
    description =
        "Acknowledgments and destruction confirmations still outstanding, per submission and"
            + " agency, with when each was due and whether it is overdue.")
final class AuditPendingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataFolder data;

  @Mixin DbOption db;

  @Option(
      names = "--acknowledgment-due",
      paramLabel = "DURATION",
      description =
          "How long after delivery an acknowledgment is due (default: the acknowledgment-due of"
              + " the policy last loaded, as the log names it; P7D if none).")
  String acknowledgmentDue;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Judge overdue at this ISO-8601 instant instead of now.")
  String at;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  /**
   * The acknowledgment-due of the policy the log last names as loaded (its text is kept in the data
   * folder); the default when there is none or it cannot be read.
   */
  private Duration policyInForce(AuditLog log) {
    List<org.prex.audit.AuditEvent> loaded =
        log.list(
            new org.prex.audit.AuditQuery(
                null,
                null,
                null,
                null,
                java.util.Set.of(org.prex.audit.EventType.POLICY_LOADED),
                null));
    if (loaded.isEmpty() || loaded.get(loaded.size() - 1).policy() == null) {
      return org.prex.config.Policy.Review.DEFAULT.acknowledgmentDue();
    }
    try {
      byte[] text =
          org.prex.config.PolicyStore.in(data.path).read(loaded.get(loaded.size() - 1).policy());
      return org.prex.config.PolicyLoader.parse(text, org.prex.config.AgencyKeys.UNCHECKED, null)
          .policy()
          .review()
          .acknowledgmentDue();
    } catch (java.io.IOException | org.prex.config.PolicyException | RuntimeException e) {
      throw new CommandFailed(
          "cannot read the policy in force to know when acknowledgments are due",
          "give --acknowledgment-due");
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!List.of("table", "json").contains(format)) {
      throw new CommandFailed("unknown format '" + format + "'", "use table or json", 2);
    }
    Duration due;
    Instant now;
    try {
      due = acknowledgmentDue == null ? null : Duration.parse(acknowledgmentDue);
    } catch (DateTimeParseException e) {
      throw new CommandFailed(
          "--acknowledgment-due '" + acknowledgmentDue + "' is not an ISO-8601 duration",
          "write it like P7D",
          2);
    }
    try {
      now = at == null ? Instant.now() : Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw new CommandFailed(
          "--at '" + at + "' is not an ISO-8601 instant", "write it like 2026-12-01T00:00:00Z", 2);
    }
    List<Pending.Row> rows;
    try (AuditLog log = AuditLog.openReadOnly(db.log(data.path))) {
      if (due == null) {
        due = policyInForce(log);
      }
      rows = Pending.of(log, now, due);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Pending.Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submission", r.submission());
        m.put("lab", r.lab());
        m.put("agency", r.agency());
        m.put("awaiting", r.awaiting());
        m.put("about", r.about());
        m.put("since", r.since().toString());
        m.put("due", r.due() == null ? null : r.due().toString());
        m.put("overdue", r.overdue());
        list.add(m);
      }
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
    } else if (rows.isEmpty()) {
      out.println("nothing outstanding");
    } else {
      out.printf(
          "%-28s %-12s %-10s %-38s %-28s %-22s %s%n",
          "SUBMISSION", "LAB", "AGENCY", "AWAITING", "ABOUT", "DUE", "");
      for (Pending.Row r : rows) {
        out.printf(
            "%-28s %-12s %-10s %-38s %-28s %-22s %s%n",
            r.submission(),
            r.lab(),
            r.agency(),
            r.awaiting(),
            r.about(),
            r.due() == null ? "-" : r.due().toString(),
            r.overdue() ? "OVERDUE" : "outstanding");
      }
    }
    out.flush();
    return 0;
  }
}
