package org.prex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.prex.config.Deployment;
import org.prex.keys.KeyInit;
import org.prex.serve.PrexServer;
import org.prex.serve.ServeOptions;

/**
 * A whole exchange for a test: a fresh key set (labs acme-ai and other-lab, the five example
 * agencies), the repository's own routes and policy, a data folder, and {@code prex serve} running
 * in-process on a free port.
 */
public final class RunningExchange implements AutoCloseable {
  public static final List<String> AGENCIES =
      List.of("caisi", "cisa", "doe-labs", "nsa", "uk-aisi");

  /** Those the shipped policy lets receive the default designation CUI//SP-PROPIN. */
  public static final List<String> ELIGIBLE = List.of("caisi", "cisa", "doe-labs", "nsa");

  public final Path root;
  public final Deployment deployment;
  public final PrexServer server;
  public final Path knownHosts;

  private RunningExchange(Path root, Deployment deployment, PrexServer server, Path knownHosts) {
    this.root = root;
    this.deployment = deployment;
    this.server = server;
    this.knownHosts = knownHosts;
  }

  /** Makes keys and a deployment under root, without starting anything. */
  public static Deployment prepare(Path root) throws IOException {
    Path keys = root.resolve("keys");
    KeyInit.init(keys, false, List.of("acme-ai", "other-lab"), AGENCIES);
    Path routes = root.resolve("routes");
    Files.createDirectories(routes);
    try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
      for (Path p : shipped.toList()) {
        Files.copy(p, routes.resolve(p.getFileName()));
      }
    }
    return new Deployment(keys, routes, root.resolve("data"));
  }

  public static RunningExchange start(Path root) throws Exception {
    return start(root, prepare(root), null);
  }

  public static RunningExchange start(Path root, Deployment d, String ingest) throws Exception {
    PrexServer server = PrexServer.start(new ServeOptions(d, "127.0.0.1", 0, ingest), new char[0]);
    Path knownHosts = root.resolve("known_hosts");
    if (ingest == null) {
      Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    }
    return new RunningExchange(root, d, server, knownHosts);
  }

  public Path labKey(String lab) {
    return deployment.keys().resolve("labs").resolve(lab);
  }

  public Path agencySecret(String agency) {
    return deployment.keys().resolve("agencies").resolve(agency + ".secret.asc");
  }

  public Path outbox(String agency) {
    return deployment.data().resolve("outbox").resolve(agency);
  }

  public SftpClient connect(String lab) throws Exception {
    return SftpClient.connect(lab, server.sftpPort(), labKey(lab), knownHosts);
  }

  /** Transfer folders delivered to an agency (whole packages only). */
  public List<Path> transfers(String agency) {
    Path dir = outbox(agency);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
