package org.prex.serve;

import java.nio.file.Path;
import org.prex.ingest.DropBoxAddress;
import org.prex.remote.SftpAddress;

/**
 * The address and login of the Camel {@code sftp:} consumer that ingests loose files: the route
 * file's {@code {{prex.ingest.uri}}}. How it ingests (strict host keys, streaming into staging, the
 * read lock, removal only once staged) is written as the consumer's parameters in the route file
 * (routes/prex.camel.yaml, template lab-loose-files), where a reader sees them, and {@link
 * IngestEndpoints} refuses to start when any is missing or weakened. An operator's {@code --ingest}
 * may carry only options that the route file does not set (a poll {@code delay} it does set becomes
 * {@code {{prex.ingest.delay}}}), so no option is ever given twice.
 */
public final class IngestUri {
  /** How often a lab's inbox is polled when {@code --ingest} does not say, in milliseconds. */
  static final String DEFAULT_DELAY = "1000";

  /**
   * How often the embedded drop box's inboxes are polled, in milliseconds: a listing in the same
   * process costs next to nothing, and an upload is taken sooner after it settles (docs/tuning.md).
   */
  static final String EMBEDDED_DELAY = "250";

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
        + knownHosts;
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
   * The {@code delay} option is taken out: it is {@link #delay}'s.
   */
  public static String external(String given, String passphrase) {
    // read as the folder intake reads it (DropBoxAddress): what one refuses, the other does
    SftpAddress address = DropBoxAddress.checkedIngestUri(given);
    int q = given.indexOf('?');
    String base = q < 0 ? given : given.substring(0, q);
    if (address.path().isEmpty()) {
      base = base + "/";
    }
    StringBuilder query = new StringBuilder();
    if (q >= 0) {
      for (String pair : given.substring(q + 1).split("&")) {
        if (!pair.isEmpty() && !pair.startsWith("delay=")) {
          query.append(query.length() == 0 ? "" : "&").append(pair);
        }
      }
    }
    if (passphrase != null) {
      if (passphrase.contains(")")) {
        throw new IllegalArgumentException(
            "the --ingest key passphrase contains ')', which Camel's RAW() cannot carry");
      }
      query.append("&privateKeyPassphrase=RAW(").append(passphrase).append(")");
    }
    return base + "?" + query;
  }

  /** The poll delay in milliseconds: {@code --ingest}'s {@code delay} option, else the default. */
  public static String delay(String given) {
    if (given == null) {
      return EMBEDDED_DELAY;
    }
    String delay = DropBoxAddress.checkedIngestUri(given).option("delay");
    return delay == null ? DEFAULT_DELAY : delay;
  }
}
