package org.prex.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Where the transfer log is kept (docs/audit-log.md, "Stores"): H2 in the data folder, the default,
 * with its {@link Journal} beside it; or a PostgreSQL database given by {@code --db
 * jdbc:postgresql://HOST:PORT/DB?user=U}, its password from the environment ({@value
 * #PASSWORD_ENV}), never from the URL. A PostgreSQL log needs no journal: every connection commits
 * synchronously, so a commit is on the server's disk before it returns.
 */
public final class LogDatabase {
  /** Where the password of a PostgreSQL log comes from. */
  public static final String PASSWORD_ENV = "PREX_DB_PASSWORD";

  private static final String PREFIX = "jdbc:postgresql://";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
  private static final Set<String> VERIFYING = Set.of("verify-full", "verify-ca");

  private final Path folder;
  private final String url;
  private final String password;

  private LogDatabase(Path folder, String url, String password) {
    this.folder = folder;
    this.url = url;
    this.password = password;
  }

  /** The H2 log in {@code <dataDir>/audit}. */
  public static LogDatabase h2(Path dataDir) {
    return new LogDatabase(LogStore.location(dataDir), null, null);
  }

  /**
   * The log in the data folder, or on the PostgreSQL server {@code db} names when it is not null.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code db}
   */
  public static LogDatabase of(Path dataDir, String db, Map<String, String> env) {
    return db == null ? h2(dataDir) : postgres(db, env.get(PASSWORD_ENV));
  }

  /**
   * A PostgreSQL log. The URL must not carry the password (a command line shows in {@code ps}). A
   * server beyond loopback must be reached over TLS that checks its certificate ({@code
   * sslmode=verify-full} or {@code verify-ca}): the log's metadata, who sent what to whom, is
   * confidential too.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code url}
   */
  public static LogDatabase postgres(String url, String password) {
    Objects.requireNonNull(url, "--db");
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "--db must be a PostgreSQL JDBC URL, " + PREFIX + "HOST:PORT/DB?user=U");
    }
    Map<String, String> params = params(url);
    // read as the driver reads it, so that what is checked is what it connects to
    Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw new IllegalArgumentException("--db: the PostgreSQL driver cannot read this URL");
    }
    String sslmode = params.getOrDefault("sslmode", "");
    for (String host : parsed.getProperty("PGHOST", "").split(",")) {
      String h = host.strip().toLowerCase(Locale.ROOT);
      if (h.isEmpty()) {
        throw new IllegalArgumentException("--db names no host");
      }
      if (!LOOPBACK.contains(h) && !VERIFYING.contains(sslmode)) {
        throw new IllegalArgumentException(
            "--db: the server "
                + host.strip()
                + " is not on this machine, so it must be reached over TLS that checks its"
                + " certificate: add sslmode=verify-full (and sslrootcert=FILE) to the URL");
      }
    }
    return new LogDatabase(null, url, password);
  }

  /**
   * The URL's parameters, each at most once and each one prex knows, spelt as the driver spells it:
   * the driver reads some (the host, the port, a TLS factory that checks nothing) from the
   * parameters too, and would connect elsewhere, or less safely, than the URL seems to say.
   */
  private static Map<String, String> params(String url) {
    Map<String, String> params = new java.util.HashMap<>();
    int q = url.indexOf('?');
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equalsIgnoreCase("password")) {
          throw new IllegalArgumentException(
              "--db must not carry the password: a command line shows in ps and in shell history;"
                  + " set env "
                  + PASSWORD_ENV);
        }
        if (!PARAMETERS.contains(key)) {
          throw new IllegalArgumentException(
              "--db: the parameter '"
                  + key
                  + "' is not taken; those taken are "
                  + String.join(", ", new java.util.TreeSet<>(PARAMETERS)));
        }
        if (params.put(key, eq < 0 ? "" : pair.substring(eq + 1)) != null) {
          throw new IllegalArgumentException("--db: the parameter '" + key + "' is given twice");
        }
      }
    }
    return params;
  }

  /** The URL parameters --db takes: who connects, how TLS checks the server, time limits. */
  private static final Set<String> PARAMETERS =
      Set.of(
          "user",
          "sslmode",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "ApplicationName",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "tcpKeepAlive");

  /** Whether this is a PostgreSQL log. */
  public boolean postgres() {
    return url != null;
  }

  /** The H2 log's folder, {@code <data>/audit}; null for PostgreSQL. */
  Path folder() {
    return folder;
  }

  /** Where the log is, for messages: the folder, or the URL without its parameters. */
  public String where() {
    return url == null ? folder.toString() : url.replaceAll("\\?.*", "");
  }

  /**
   * A new connection to the PostgreSQL log, committing synchronously and waiting at most 10 s for
   * another connection's lock.
   */
  Connection connectPostgres() throws SQLException {
    Properties props = new Properties();
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "prex");
    // through the line: on the FIPS line, what its module cannot do is refused in one line
    Connection c = DbLine.connect(url, props);
    try (Statement s = c.createStatement()) {
      // durable where promised (docs/audit-log.md, "Durability"): whatever the server's default
      s.execute("SET synchronous_commit = on");
      s.execute("SET lock_timeout = '10s'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public String toString() {
    return where();
  }
}
