package org.prex.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

  /** Options of Camel's sftp consumer that {@code --ingest} may carry; they mean nothing here. */
  private static final Set<String> CONSUMER_ONLY = Set.of("connectTimeout", "delay");

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
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("--ingest is empty; expected " + FORM);
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "--ingest is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    if (!"sftp".equalsIgnoreCase(u.getScheme())) {
      throw new IllegalArgumentException("--ingest must be " + FORM);
    }
    if (u.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--ingest has a '#' fragment; percent-encode '#' in option values as %23");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException(
          "--ingest has no valid user@host:port (expected " + FORM + ")");
    }
    if (u.getUserInfo() == null || u.getUserInfo().isEmpty()) {
      throw new IllegalArgumentException("--ingest names no user (expected " + FORM + ")");
    }
    Map<String, String> options = options(u.getRawQuery());
    for (String name : options.keySet()) {
      if (!name.equals("privateKeyFile")
          && !name.equals("knownHostsFile")
          && !name.equals("privateKeyPassphrase")
          && !CONSUMER_ONLY.contains(name)) {
        throw new IllegalArgumentException(
            "--ingest option '"
                + name
                + "' is not allowed (allowed: privateKeyFile, knownHostsFile, "
                + "privateKeyPassphrase, connectTimeout, delay)");
      }
    }
    String key = options.get("privateKeyFile");
    String known = options.get("knownHostsFile");
    if (key == null) {
      throw new IllegalArgumentException("--ingest needs privateKeyFile=… (public-key login only)");
    }
    if (known == null) {
      throw new IllegalArgumentException(
          "--ingest needs knownHostsFile=… : prex checks the server's host key strictly");
    }
    return new DropBoxAddress(
        u.getUserInfo(),
        unbracketed(u.getHost()),
        u.getPort() < 0 ? 22 : u.getPort(),
        basePath(u.getPath()),
        Path.of(key),
        Path.of(known),
        options.get("privateKeyPassphrase"));
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

  private static Map<String, String> options(String rawQuery) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return options;
    }
    for (String option : rawQuery.split("&")) {
      int eq = option.indexOf('=');
      String name = eq < 0 ? option : option.substring(0, eq);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("--ingest has an option without a name");
      }
      if (eq < 0 || eq == option.length() - 1) {
        throw new IllegalArgumentException("--ingest option '" + name + "' has no value");
      }
      String value;
      try {
        value = URLDecoder.decode(option.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--ingest option '" + name + "' is not properly percent-encoded");
      }
      if (options.put(name, value) != null) {
        throw new IllegalArgumentException("--ingest option '" + name + "' is given twice");
      }
    }
    return options;
  }

  /** "" and "/" are the login folder; "/drop" is relative to it; "//srv/drop" is absolute. */
  private static String basePath(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "";
    }
    return path.substring(1);
  }

  /** An IPv6 literal without the URI's brackets, as the SSH client wants it. */
  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
