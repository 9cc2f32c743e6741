package org.prex.cli;

import java.nio.file.Path;
import org.prex.audit.LogDatabase;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --db JDBC-URL} option of serve and the audit commands (a picocli mixin): the transfer
 * log on PostgreSQL instead of H2 in the data folder (docs/audit-log.md, "Stores").
 */
final class DbOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--db",
      paramLabel = "JDBC-URL",
      description =
          "The transfer log on PostgreSQL: jdbc:postgresql://HOST:PORT/DB?user=U, the password"
              + " from env "
              + LogDatabase.PASSWORD_ENV
              + " (never in the URL). Default: H2 in the data folder.")
  String url;

  /**
   * The log these options name, with the data folder {@code data}.
   *
   * @throws CommandFailed (exit 2) naming what is wrong with the URL
   */
  LogDatabase log(Path data) {
    try {
      return LogDatabase.of(data, url, Main.environment(mixee));
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage(), null, 2);
    }
  }
}
