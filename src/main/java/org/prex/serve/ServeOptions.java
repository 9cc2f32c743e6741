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
 */
public record ServeOptions(
    Deployment deployment,
    String sftpHost,
    int sftpPort,
    String ingest,
    String ingestPassphrase,
    HttpAddress http,
    LogDatabase log) {

  /** Without an ingest key passphrase, health or metrics. */
  public ServeOptions(Deployment deployment, String sftpHost, int sftpPort, String ingest) {
    this(deployment, sftpHost, sftpPort, ingest, null, null, null);
  }

  /** The same, with health and metrics served at {@code at}. */
  public ServeOptions withHttp(HttpAddress at) {
    return new ServeOptions(deployment, sftpHost, sftpPort, ingest, ingestPassphrase, at, log);
  }

  /** The same, with the transfer log in {@code db}. */
  public ServeOptions withLog(LogDatabase db) {
    return new ServeOptions(deployment, sftpHost, sftpPort, ingest, ingestPassphrase, http, db);
  }

  /** Where the transfer log is: {@link #log}, or H2 in the data folder. */
  public LogDatabase logDatabase() {
    return log != null ? log : LogDatabase.h2(deployment.data());
  }

  public ServeOptions {
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
        + "]";
  }
}
