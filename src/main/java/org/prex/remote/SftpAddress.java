package org.prex.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@code sftp://user@host:port/path?name=value&…} address as written by the operator, for the
 * {@code --ingest} drop box and the agencies' {@code deliver:} targets alike: the one place the
 * product reads such a URI (docs/delivery.md, "The SFTP client"). It checks the form only; which
 * options a use allows and needs is the caller's to say ({@link #allowOnly}, {@link #required}).
 *
 * <p>Messages start with what the address is for ({@code --ingest}, {@code agency nsa: deliver})
 * and name the problem; they never repeat an option's value, which may be a passphrase.
 *
 * @param host without the brackets of an IPv6 literal, as the SSH client wants it
 * @param port 22 when the URI gives none
 * @param path the URI's path as given, {@code ""} when none (see {@link #relativePath})
 * @param options URL-decoded, in the order given
 */
public record SftpAddress(
    String user, String host, int port, String path, Map<String, String> options) {

  public SftpAddress {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The option names only: a value may be a passphrase, and this may be logged. */
  @Override
  public String toString() {
    return "sftp://" + user + "@" + host + ":" + port + path + " options " + options.keySet();
  }

  /**
   * Reads {@code uri}, refusing a URI that is not {@code sftp://user@host…}, has a fragment, or an
   * option without a name or a value, not percent-encoded properly, or given twice.
   *
   * @param what what the address is for, to start each message: {@code --ingest}
   * @param form the form expected, shown when the URI is not of it
   */
  public static SftpAddress parse(String uri, String what, String form) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(what + " is empty; expected " + form);
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          what + " is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    if (!"sftp".equals(u.getScheme())) {
      throw new IllegalArgumentException(what + " must be " + form);
    }
    if (u.getRawFragment() != null) {
      throw new IllegalArgumentException(
          what + " has a '#' fragment; percent-encode '#' in option values as %23");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException(
          what + " has no valid user@host:port (expected " + form + ")");
    }
    if (u.getUserInfo() == null || u.getUserInfo().isEmpty()) {
      throw new IllegalArgumentException(what + " names no user (expected " + form + ")");
    }
    return new SftpAddress(
        u.getUserInfo(),
        unbracketed(u.getHost()),
        u.getPort() < 0 ? 22 : u.getPort(),
        u.getPath() == null ? "" : u.getPath(),
        options(u.getRawQuery(), what));
  }

  /** Refuses any option not in {@code allowed}, naming it and listing {@code shown}. */
  public SftpAddress allowOnly(Set<String> allowed, String what, String shown) {
    for (String name : options.keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            what + " option '" + name + "' is not allowed (allowed: " + shown + ")");
      }
    }
    return this;
  }

  /** The option's value; refused with {@code problem} when it is absent. */
  public String required(String name, String problem) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  /** The option's value, or null. */
  public String option(String name) {
    return options.get(name);
  }

  /** An option in milliseconds (the policy checked its range), or {@code otherwise} when absent. */
  public Duration millis(String name, Duration otherwise) {
    String value = options.get(name);
    return value == null ? otherwise : Duration.ofMillis(Long.parseLong(value));
  }

  /**
   * The folder, as for Camel's sftp component: {@code ""} and {@code "/"} are the login folder
   * ({@code ""}), {@code "/drop"} is {@code drop} relative to it, {@code "//srv/drop"} is the
   * absolute {@code /srv/drop}.
   */
  public String relativePath() {
    if (path.isEmpty() || path.equals("/")) {
      return "";
    }
    return path.substring(1);
  }

  private static Map<String, String> options(String rawQuery, String what) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return options;
    }
    for (String option : rawQuery.split("&")) {
      int eq = option.indexOf('=');
      String name = eq < 0 ? option : option.substring(0, eq);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + " has an option without a name");
      }
      if (eq < 0 || eq == option.length() - 1) {
        throw new IllegalArgumentException(what + " option '" + name + "' has no value");
      }
      String value;
      try {
        value = URLDecoder.decode(option.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            what + " option '" + name + "' is not properly percent-encoded");
      }
      if (options.put(name, value) != null) {
        throw new IllegalArgumentException(what + " option '" + name + "' is given twice");
      }
    }
    return options;
  }

  /** An IPv6 literal without the URI's brackets. */
  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
