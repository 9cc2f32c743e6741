package org.prex.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prex}: one program, a command per job (docs/deployment.md). Exit 0 on success, 1 on a
 * failed check or operation, 2 on bad usage; errors are one {@code error:} line and a {@code hint:}
 * where one helps, with a stack trace only under {@code --verbose}.
 */
@Command(
    name = "prex",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "The pre-release model exchange: labs share, agencies receive, all of it logged.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      ReceiveCommand.class,
      NoticeCommand.class,
      PolicyCommand.class,
      ConsoleCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "On failure, print the full stack trace.")
  boolean verbose;

  /** The environment the commands take settings and secrets from; tests give their own. */
  private Map<String, String> env = System.getenv();

  /** The environment of the command line {@code spec} belongs to. */
  static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
    return spec.root().userObject() instanceof Main main ? main.env : System.getenv();
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line and returns its exit code; used by tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv());
  }

  /** The same, with {@code env} as the environment {@code serve} takes settings from. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    try {
      org.prex.seal.CryptoLine.atStart();
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    CommandLine cli = commandLine(out, err);
    ((Main) cli.getCommand()).env = Map.copyOf(env);
    try {
      ServeDefaults.install(cli, args, env);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("hint: see 'prex serve --help' and docs/deployment.md, \"Configuration\"");
      return 2;
    }
    return cli.execute(args);
  }

  /**
   * The command line parser with prex's error handling, printing to {@code out} and {@code err}.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Errors());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("error: " + ex.getMessage());
          err.println(
              "hint: see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
          return 2;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code --version}: the pom's version, which the build writes into the jar's manifest as
   * Implementation-Version. Run from compiled classes (tests, an IDE) there is no manifest, and it
   * says so rather than guess.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        line(Main.class.getPackage().getImplementationVersion()),
        org.prex.seal.CryptoLine.description()
      };
    }

    static String line(String implementationVersion) {
      return "prex "
          + (implementationVersion == null || implementationVersion.isBlank()
              ? "(development build)"
              : implementationVersion);
    }
  }
}
