package org.prex.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.prex.remote.SftpAddress;
import org.prex.remote.SftpSessions;
import org.prex.sftp.DropBox;

/**
 * Where the drop box is and how the exchange logs in to it: public-key authentication only, the
 * server's host key checked strictly against {@code knownHostsFile} (never {@code ~/.ssh}).
 *
 * @param basePath the drop box root on the server, whose top-level folders are the lab ids: {@code
 *     ""} for the login folder ({@code "."} is read as {@code ""}), {@code "drop"} relative to it,
 *     {@code "/srv/drop"} absolute
 * @param privateKeyPassphrase null when the key is not encrypted; never shown by {@link #toString}
 */
public record DropBoxAddress(
    String user,
    String host,
    int port,
    String basePath,
    Path privateKeyFile,
    Path knownHostsFile,
    String privateKeyPassphrase) {

  private static final String FORM =
      "sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…[&privateKeyPassphrase=…]";

  /**
   * The options {@code --ingest} may carry: the login's, and Camel's sftp consumer's {@code
   * connectTimeout} and {@code delay}, which mean nothing here.
   */
  private static final Set<String> ALLOWED =
      new LinkedHashSet<>(
          List.of(
              "privateKeyFile",
              "knownHostsFile",
              "privateKeyPassphrase",
              "connectTimeout",
              "delay"));

  public DropBoxAddress {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("drop box address: no user name");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("drop box address: no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "drop box address: port " + port + " is out of range (1 to 65535)");
    }
    if (basePath == null) {
      throw new IllegalArgumentException(
          "drop box address: no base path (use \"\" for the login folder)");
    }
    if (basePath.equals(".")) {
      basePath = "";
    }
    while (basePath.length() > 1 && basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    if (privateKeyFile == null) {
      throw new IllegalArgumentException("drop box address: no privateKeyFile");
    }
    if (knownHostsFile == null) {
      throw new IllegalArgumentException(
          "drop box address: no knownHostsFile (the server's host key is checked strictly)");
    }
  }

  /** The embedded drop box, reached as the exchange's own ingest account at its root. */
  public static DropBoxAddress embedded(
      String host, int port, Path privateKeyFile, Path knownHostsFile) {
    return new DropBoxAddress(
        DropBox.INGEST_USER, host, port, "", privateKeyFile, knownHostsFile, null);
  }

  /**
   * Parses the {@code --ingest} form {@value #FORM}. Query values are URL-decoded; the path is
   * relative to the login folder ({@code sftp://u@h/drop}) unless it starts with two slashes
   * ({@code sftp://u@h//srv/drop}), as for Camel's sftp component. Camel's {@code connectTimeout}
   * and {@code delay} are accepted and ignored; any other option is refused.
   *
   * @throws IllegalArgumentException naming what is wrong; it never repeats the passphrase
   */
  public static DropBoxAddress fromIngestUri(String uri) {
    SftpAddress a = checkedIngestUri(uri);
    return new DropBoxAddress(
        a.user(),
        a.host(),
        a.port(),
        a.relativePath(),
        Path.of(a.option("privateKeyFile")),
        Path.of(a.option("knownHostsFile")),
        a.option("privateKeyPassphrase"));
  }

  /**
   * The {@code --ingest} URI read and checked as {@link #fromIngestUri} does, for the loose-file
   * consumer that takes the same address (serve/IngestUri).
   */
  public static SftpAddress checkedIngestUri(String uri) {
    SftpAddress a =
        SftpAddress.parse(uri, "--ingest", FORM)
            .allowOnly(ALLOWED, "--ingest", String.join(", ", ALLOWED));
    a.required("privateKeyFile", "--ingest needs privateKeyFile=… (public-key login only)");
    a.required(
        "knownHostsFile",
        "--ingest needs knownHostsFile=… : prex checks the server's host key strictly");
    // a key the build's line may not use is refused here, at start, for both of the intake's
    // readers (Camel's SFTP consumer logs in without prex's session code)
    String key = a.option("privateKeyFile");
    SftpSessions.identityProblem(Path.of(key))
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("--ingest privateKeyFile " + key + ": " + why);
            });
    return a;
  }

  /** This address with the key's passphrase (from the environment or a file); null for none. */
  public DropBoxAddress withPassphrase(String passphrase) {
    if (passphrase == null) {
      return this;
    }
    return new DropBoxAddress(
        user, host, port, basePath, privateKeyFile, knownHostsFile, passphrase);
  }

  /**
   * The {@code --ingest} form of this address, which {@link #fromIngestUri} reads back to an equal
   * address. It carries the passphrase, if any: for configuration, never for a log line (use {@link
   * #toString}).
   */
  public String toIngestUri() {
    String path = "/" + basePath;
    String authority;
    try {
      authority = new URI("sftp", user, host, port, path, null, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("drop box address: cannot be written as a URI", e);
    }
    StringBuilder out = new StringBuilder(authority);
    out.append("?privateKeyFile=").append(encode(privateKeyFile.toString()));
    out.append("&knownHostsFile=").append(encode(knownHostsFile.toString()));
    if (privateKeyPassphrase != null) {
      out.append("&privateKeyPassphrase=").append(encode(privateKeyPassphrase));
    }
    return out.toString();
  }

  /** For messages and logs: where, as whom, with which files; never the passphrase. */
  @Override
  public String toString() {
    return server()
        + " (privateKeyFile "
        + privateKeyFile
        + (privateKeyPassphrase == null ? "" : " with a passphrase")
        + ", knownHostsFile "
        + knownHostsFile
        + ")";
  }

  /** {@code sftp://user@host:port/basePath}, for messages: no key files, no passphrase. */
  public String server() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "sftp://" + user + "@" + h + ":" + port + "/" + basePath;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
