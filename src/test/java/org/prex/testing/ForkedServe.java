package org.prex.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.prex.config.Deployment;

/**
 * {@code prex serve} in its own JVM, started through {@code sh -c 'umask …; exec java …'} so that
 * it runs under a chosen umask, as an operator's shell would start it. Its output goes to {@link
 * #log}.
 */
public record ForkedServe(Process process, Path log, int port) implements AutoCloseable {

  /**
   * Starts serve on {@code d} under {@code umask} (e.g. "022") and waits until it is ready. {@code
   * before} is run by the same shell first, under the same umask (e.g. "touch probe").
   */
  /** A TCP port free at the moment of asking. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code java <jvmOptions> … prex serve} for a deployment, with the classes under test. */
  public static List<String> serveCommand(Deployment d, int sftpPort, String... jvmOptions) {
    String cp =
        System.getProperty("prex.classes")
            + java.io.File.pathSeparator
            + System.getProperty("prex.lib")
            + "/*";
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(List.of(jvmOptions));
    java.addAll(List.of("-cp", cp, "org.prex.cli.Main"));
    java.addAll(Cli.serveArgs(d, sftpPort));
    return java;
  }

  public static ForkedServe start(Deployment d, String umask, String before, String... extraArgs)
      throws Exception {
    return start(d, umask, before, java.util.Map.of(), extraArgs);
  }

  /** As {@link #start(Deployment, String, String, String...)}, with more environment variables. */
  public static ForkedServe start(
      Deployment d,
      String umask,
      String before,
      java.util.Map<String, String> env,
      String... extraArgs)
      throws Exception {
    int port = freePort();
    List<String> java = new ArrayList<>(serveCommand(d, port, "-Xmx256m"));
    java.addAll(List.of(extraArgs));
    StringBuilder script = new StringBuilder("umask " + umask + "; ");
    if (before != null) {
      script.append(before).append("; ");
    }
    script.append("exec");
    for (String arg : java) {
      script.append(" '").append(arg.replace("'", "'\\''")).append("'");
    }
    Path log = Files.createTempFile(d.keys().getParent(), "serve", ".log");
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    ForkedServe serve = new ForkedServe(p, log, port);
    Await.until(
        "serve ready",
        Duration.ofSeconds(90),
        () -> serve.output().contains("prex ready") || !p.isAlive());
    if (!p.isAlive()) {
      throw new AssertionError("serve died at start:\n" + serve.output());
    }
    return serve;
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops it with SIGTERM and waits; returns whether it stopped within the time. */
  public boolean stop(Duration within) throws InterruptedException {
    process.destroy();
    return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() && !stop(Duration.ofSeconds(60))) {
      process.destroyForcibly();
    }
  }
}
