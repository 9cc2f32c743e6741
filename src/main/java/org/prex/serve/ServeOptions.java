package org.prex.serve;

import org.prex.audit.LogDatabase;
import org.prex.config.Deployment;
import org.prex.observe.HttpAddress;

/**
 * How {@code prex serve} runs.
 *
 * @param ingest an external SFTP server to ingest from, or null for the embedded drop box; it must
 *     not carry a passphrase (a command line shows in {@code ps})
 * @param ingestPassphrase the passphrase of the {@code --ingest} private key, from the environment
 *     or a file; null when the key has none
 * @param http where health and metrics are served (docs/operations.md), or null for nowhere
 * @param log where the transfer log is kept, or null for H2 in the data folder
 * @param pair this node's name in a pair sharing the data folder (docs/operations.md, "Two nodes"),
 *     or null for an exchange alone
 * @param console where the records officers' console is served over HTTPS (docs/console.md), or
 *     null for nowhere
 * @param clock what the review cycle's due times are measured by
 */
public record ServeOptions(
    Deployment deployment,
    String sftpHost,
    int sftpPort,
    String ingest,
    String ingestPassphrase,
    HttpAddress http,
    LogDatabase log,
    String pair,
    HttpAddress console,
    java.time.Clock clock) {

  /** Without a clock of its own: the review cycle's due times run on the system's UTC clock. */
  public ServeOptions(
      Deployment deployment,
      String sftpHost,
      int sftpPort,
      String ingest,
      String ingestPassphrase,
      HttpAddress http,
      LogDatabase log,
      String pair,
      HttpAddress console) {
    this(
        deployment,
        sftpHost,
        sftpPort,
        ingest,
        ingestPassphrase,
        http,
        log,
        pair,
        console,
        java.time.Clock.systemUTC());
  }

  /**
   * The same, with the review cycle's due times (release, retention, deadlines) on {@code clock}:
   * for tests, which drive them with a clock rather than by waiting (docs/review-cycle.md).
   */
  public ServeOptions withClock(java.time.Clock clock) {
    return new ServeOptions(
        deployment, sftpHost, sftpPort, ingest, ingestPassphrase, http, log, pair, console, clock);
  }

  /** Without an ingest key passphrase, health or metrics. */
  public ServeOptions(Deployment deployment, String sftpHost, int sftpPort, String ingest) {
    this(deployment, sftpHost, sftpPort, ingest, null, null, null, null, null);
  }

  /** The same, with health and metrics served at {@code at}. */
  public ServeOptions withHttp(HttpAddress at) {
    return new ServeOptions(
        deployment, sftpHost, sftpPort, ingest, ingestPassphrase, at, log, pair, console, clock);
  }

  /** The same, with the transfer log in {@code db}. */
  public ServeOptions withLog(LogDatabase db) {
    return new ServeOptions(
        deployment, sftpHost, sftpPort, ingest, ingestPassphrase, http, db, pair, console, clock);
  }

  /** The same, as node {@code node} of a pair. */
  public ServeOptions withPair(String node) {
    return new ServeOptions(
        deployment, sftpHost, sftpPort, ingest, ingestPassphrase, http, log, node, console, clock);
  }

  /** The same, with the console served at {@code at}. */
  public ServeOptions withConsole(HttpAddress at) {
    return new ServeOptions(
        deployment, sftpHost, sftpPort, ingest, ingestPassphrase, http, log, pair, at, clock);
  }

  /** Where the transfer log is: {@link #log}, or H2 in the data folder. */
  public LogDatabase logDatabase() {
    return log != null ? log : LogDatabase.h2(deployment.data());
  }

  public ServeOptions {
    if (pair != null && !pair.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException(
          "--pair '"
              + pair
              + "': a node's name is 1 to 32 lower-case letters, digits and '-', starting with a"
              + " letter or digit");
    }
    if (pair != null && ingest != null) {
      throw new IllegalArgumentException(
          "--pair needs the embedded drop box: with --ingest, the nodes could not tell each other"
              + " which uploads are still being written");
    }
    if (ingest != null && ingest.contains("privateKeyPassphrase=")) {
      throw new IllegalArgumentException(
          "--ingest must not carry privateKeyPassphrase: a command line shows in ps and in shell"
              + " history; set env PREX_INGEST_PASSPHRASE, or PREX_INGEST_PASSPHRASE_FILE naming"
              + " a file that holds it");
    }
  }

  @Override
  public String toString() {
    return "ServeOptions["
        + deployment
        + ", "
        + sftpHost
        + ":"
        + sftpPort
        + ", ingest "
        + (ingest == null ? "embedded" : ingest.replaceAll("\\?.*", ""))
        + (ingestPassphrase == null ? "" : ", with a passphrase")
        + (http == null ? "" : ", http " + http)
        + (log == null ? "" : ", log " + log)
        + (pair == null ? "" : ", pair node " + pair)
        + (console == null ? "" : ", console " + console)
        + "]";
  }
}
