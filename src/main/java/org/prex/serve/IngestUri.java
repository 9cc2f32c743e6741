package org.prex.serve;

import java.nio.file.Path;
import org.prex.ingest.DropBoxAddress;
import org.prex.remote.SftpAddress;

/**
 * Builds the Camel {@code sftp:} consumer URI that ingests uploads. Whatever the operator gives,
 * prex adds the options that keep uploads safe: strict host-key checking against the given
 * known_hosts file only, downloads streamed straight into staging and hashed on the way (never
 * whole in memory, never outside staging, never read twice), a read lock that waits until a file
 * stops changing, and removal from the drop box only after the route has staged and logged it, and
 * a read time-out.
 *
 * <p>The URI is one lab's: {@code {{lab}}} is the parameter of the route template that takes each
 * lab's loose files apart from every other lab's (routes/prex.camel.yaml, {@link LabRoutes}). The
 * consumer walks the whole drop box root but its filter enters only that lab's inbox, so file names
 * stay relative to the root ({@code <lab>/inbox/<file>}), and it polls on the shared ingest pool,
 * in turn with the lab's submission folders.
 */
public final class IngestUri {
  private static final String SAFE_OPTIONS =
      "strictHostKeyChecking=yes&useUserKnownHostsFile=false"
          + "&recursive=true&filter=#ingestFilter-{{lab}}&delete=true"
          + "&pollStrategy=#ingestTurn-{{lab}}&scheduledExecutorService=#ingestTakes"
          // streamed into staging by the custody step, which hashes it on the way (ingest/Custody)
          + "&streamDownload=true"
          + "&readLock=changed&readLockCheckInterval=1000&readLockMinAge=1000&readLockMinLength=0"
          + "&readLockTimeout=20000&readLockLoggingLevel=OFF"
          + "&delay=1000&sortBy=file:modified&disconnect=false"
          // a drop box that goes silent is dropped after about a minute (no answer for 30 s, then
          // none to a keep-alive), not the library's ten (docs/delivery.md)
          + "&soTimeout=30000";

  private IngestUri() {}

  /** The embedded drop box, reached as the exchange's own ingest account. */
  public static String embedded(String host, int port, Path privateKey, Path knownHosts) {
    return "sftp://prex-ingest@"
        + host
        + ":"
        + port
        + "/?privateKeyFile="
        + privateKey
        + "&knownHostsFile="
        + knownHosts
        + "&"
        + SAFE_OPTIONS;
  }

  /**
   * An external SFTP server given with {@code --ingest sftp://user@host:port/path?privateKeyFile=…
   * &knownHostsFile=…}; its top-level folders are the lab ids.
   */
  public static String external(String given) {
    return external(given, null);
  }

  /**
   * As {@link #external(String)}, with the private key's passphrase (null for none) added as a
   * Camel {@code RAW()} value: this URI lives in memory only, and Camel masks the option in logs.
   */
  public static String external(String given, String passphrase) {
    // read as the folder intake reads it (DropBoxAddress): what one refuses, the other does
    SftpAddress address = DropBoxAddress.checkedIngestUri(given);
    int q = given.indexOf('?');
    String base = q < 0 ? given : given.substring(0, q);
    String query = q < 0 ? "" : given.substring(q + 1);
    if (address.path().isEmpty()) {
      base = base + "/";
    }
    String safe =
        address.option("delay") != null ? SAFE_OPTIONS.replace("&delay=1000", "") : SAFE_OPTIONS;
    if (passphrase != null) {
      if (passphrase.contains(")")) {
        throw new IllegalArgumentException(
            "the --ingest key passphrase contains ')', which Camel's RAW() cannot carry");
      }
      safe = safe + "&privateKeyPassphrase=RAW(" + passphrase + ")";
    }
    return base + "?" + (query.isEmpty() ? "" : query + "&") + safe;
  }
}
