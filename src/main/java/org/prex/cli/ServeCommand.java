package org.prex.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.prex.config.Deployment;
import org.prex.observe.HttpAddress;
import org.prex.serve.PrexServer;
import org.prex.serve.ServeOptions;
import org.prex.serve.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the exchange. Without --ingest it also starts the embedded SFTP drop box and"
          + " ingests from it. Prints one line when ready; stops cleanly on SIGTERM/SIGINT.",
      "The signing key's passphrase, if any, comes from env PREX_SIGNING_PASSPHRASE; the"
          + " --ingest key's from env PREX_INGEST_PASSPHRASE, or from the file env"
          + " PREX_INGEST_PASSPHRASE_FILE names (never from the command line)."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin KeysFolder keys;

  @Mixin RoutesFolder routes;

  @Mixin DataFolder data;

  @Mixin DbOption db;

  @Option(
      names = "--sftp-host",
      defaultValue = "127.0.0.1",
      description = "Drop box address (default: ${DEFAULT-VALUE}).")
  String sftpHost;

  @Option(
      names = "--sftp-port",
      defaultValue = "2222",
      description = "Drop box port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int sftpPort;

  @Option(
      names = "--ingest",
      paramLabel = "URI",
      description =
          "Ingest from an external SFTP server instead:"
              + " sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=… (its top-level"
              + " folders are the lab ids).")
  String ingest;

  @Option(
      names = ServeDefaults.CONFIG,
      paramLabel = "FILE",
      description =
          "Settings for the options not given here, as a properties file (sftp-port=2222);"
              + " environment variables PREX_<OPTION> (PREX_SFTP_PORT) come before it.")
  java.nio.file.Path config;

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      description =
          "Serve /health/live, /health/ready and /metrics (Prometheus) here; a bare PORT is on"
              + " 127.0.0.1. Off unless given.")
  String http;

  @Option(
      names = "--console",
      paramLabel = "HOST:PORT",
      description =
          "Serve the records officers' console over HTTPS here (certificate from"
              + " KEYS/console/, accounts from 'prex console add-user'); a bare PORT is on"
              + " 127.0.0.1. Off unless given.")
  String console;

  @Option(
      names = "--pair",
      paramLabel = "NODE",
      description =
          "Run as node NODE of a pair: two serves with the same --keys, --routes, --data"
              + " (shared) and --db, and different ports. Both take uploads; the one holding the"
              + " pair's lock leads, and the other takes over when it ends.")
  String pair;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = LogFormat.TEXT,
      description =
          "text (default) or json: one JSON object per line, with every transfer-log event as a"
              + " line of its own, for a SIEM.")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    ServeOptions options;
    try {
      LogFormat.apply(logFormat);
      options =
          new ServeOptions(
              new Deployment(keys.path, routes.path, data.path),
              sftpHost,
              sftpPort,
              ingest,
              ingest == null ? null : Passphrases.ingest(System.getenv()),
              http == null ? null : HttpAddress.parse(http),
              db.url == null ? null : db.log(data.path),
              pair,
              console == null ? null : HttpAddress.parse(console));
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage(), null, 2);
    }
    PrexServer server;
    try {
      java.io.PrintWriter out = spec.commandLine().getOut();
      server =
          PrexServer.start(
              options,
              Passphrases.signing(),
              line -> {
                out.println("prex leading: " + line);
                out.flush();
              });
    } catch (StartupException e) {
      for (String p : e.problems()) {
        spec.commandLine().getErr().println("error: " + p);
      }
      throw new CommandFailed(
          "prex did not start: " + e.problems().size() + " problem(s) above",
          "fix them and start again; 'prex keys check --keys " + keys.path + "' checks every key");
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage(), null, 2);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "prex-shutdown"));
    reloadOnHangup(server);
    if (!server.awaitInspection(java.time.Duration.ofSeconds(60))) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: the inspection processes did not start within 60 s; they start at first use");
    }
    spec.commandLine()
        .getOut()
        .println(
            "prex ready: "
                + server.description()
                + (server.httpAt() == null
                    ? ""
                    : "; health and metrics on http://" + server.httpAt())
                + (server.consoleAt() == null ? "" : "; console on https://" + server.consoleAt())
                + "; "
                + org.prex.seal.CryptoLine.description());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  /**
   * SIGHUP reloads the policy, as {@code prex policy reload} does (docs/policy.md); the outcome
   * goes to the log. Without this handler the JVM would stop on SIGHUP.
   */
  @SuppressWarnings("sunapi")
  private static void reloadOnHangup(PrexServer server) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> server.reload());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // no SIGHUP here: 'prex policy reload' still works
    }
  }
}
