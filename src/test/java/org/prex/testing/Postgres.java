package org.prex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, started once per JVM from Debian's {@code postgresql}
 * package (.ci/run installs it) with {@code initdb} and {@code pg_ctl} in a temporary folder, on
 * loopback only, with password authentication; stopped when the JVM exits. Run as root (as CI is),
 * the server runs as the {@code postgres} user, since PostgreSQL refuses to run as root. Each test
 * asks for a database of its own. The server runs with fsync off: these tests are about the log's
 * behaviour, not the server's disk.
 */
public final class Postgres {
  public static final String USER = "prex";
  public static final String PASSWORD = "prex-test-password";

  private static Postgres server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final int port;

  private Postgres(int port) {
    this.port = port;
  }

  /** The server, started at the first call. */
  public static synchronized Postgres server() throws Exception {
    if (server == null) {
      server = start();
    }
    return server;
  }

  /** A new, empty database: its JDBC URL (the password is {@link #PASSWORD}). */
  public String newDatabase() throws SQLException {
    String name = "prex_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /** A connection to {@code database} behind prex's back, as someone tampering with it would. */
  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
  }

  /** Runs SQL on the database of {@code url} (one of {@link #newDatabase}'s). */
  public void sql(String url, String... statements) throws SQLException {
    String database = url.replaceAll(".*/", "").replaceAll("\\?.*", "");
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static Postgres start() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("prex-postgres");
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PASSWORD + "\n");
    if (root) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
      Files.setOwner(pw, postgres);
    }
    Path data = dir.resolve("data");
    run(
        root,
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        USER,
        "--pwfile=" + pw,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync");
    int port = ForkedServe.freePort();
    run(
        root,
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    run(
                        root,
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-m",
                        "immediate",
                        "stop");
                    deleteTree(dir);
                  } catch (Exception ignored) {
                    // the temporary folder goes with the machine
                  }
                }));
    return new Postgres(port);
  }

  /** Debian's PostgreSQL binaries: on the PATH, or the newest /usr/lib/postgresql/N/bin. */
  private static Path binaries() throws IOException {
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "pg_ctl"))) {
        return Path.of(p, "pg_ctl").toRealPath().getParent();
      }
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Path newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                .max(Comparator.comparing(v -> Integer.parseInt(v.getFileName().toString())))
                .orElse(null);
        if (newest != null) {
          return newest.resolve("bin");
        }
      }
    }
    throw new IllegalStateException(
        "PostgreSQL is not installed (pg_ctl not found): apt-get install postgresql, as .ci/run"
            + " does");
  }

  private static void run(boolean root, String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
