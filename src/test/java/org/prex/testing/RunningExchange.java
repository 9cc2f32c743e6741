package org.prex.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.prex.config.Deployment;
import org.prex.keys.KeyInit;
import org.prex.observe.HttpAddress;
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

  /** Keys and a deployment under root, to change before {@link Setup#start()}. */
  public static Setup setUp(Path root) throws IOException {
    return new Setup(root, prepare(root));
  }

  /**
   * An exchange prepared but not started, so that a test states only what it changes: the policy's
   * text, the default designation, an agency's delivery, an external ingest drop box.
   */
  public static final class Setup {
    public final Path root;
    public final Deployment deployment;
    private String ingest;

    private Setup(Path root, Deployment deployment) {
      this.root = root;
      this.deployment = deployment;
    }

    /**
     * Replaces text in the policy; fails if the policy does not hold it, as the test would mean
     * nothing.
     */
    public Setup policy(String from, String to) throws IOException {
      Path policy = deployment.policyFile();
      String text = Files.readString(policy);
      if (!text.contains(from)) {
        throw new AssertionError("the policy has no " + from);
      }
      Files.writeString(policy, text.replace(from, to));
      return this;
    }

    /** The designation of a loose file, e.g. DL ONLY without a list so that it may go to no one. */
    public Setup defaultDesignation(String designation) throws IOException {
      return policy(
          "default-designation: CUI//SP-PROPIN ", "default-designation: " + designation + " ");
    }

    /**
     * Loose files designated DL ONLY without a dissemination list: they may go to no agency, so
     * each is quarantined.
     */
    public Setup quarantiningLooseFiles() throws IOException {
      return defaultDesignation("CUI//SP-PROPIN//DL ONLY");
    }

    /**
     * A real fault in quarantine: a file stands where its folder would be made, so sealing into
     * quarantine fails until the test removes it.
     */
    public Setup quarantineUnwritable() throws IOException {
      Files.createDirectories(deployment.data());
      Files.writeString(deployment.quarantine(), "not a folder");
      return this;
    }

    /** Delivery to an agency by another URI than its folder. */
    public Setup deliver(String agency, String uri) throws IOException {
      return policy("deliver: file:outbox/" + agency, "deliver: " + uri);
    }

    /** Takes uploads from an external drop box instead of the embedded one. */
    public Setup ingest(String uri) {
      this.ingest = uri;
      return this;
    }

    public RunningExchange start() throws Exception {
      return RunningExchange.start(root, deployment, ingest);
    }
  }

  public static RunningExchange start(Path root, Deployment d, String ingest) throws Exception {
    return startWith(root, d, new ServeOptions(d, "127.0.0.1", 0, ingest));
  }

  /** With health and metrics served at {@code http} (port 0: any free one). */
  public static RunningExchange startWithHttp(Path root, Deployment d, HttpAddress http)
      throws Exception {
    return startWith(root, d, new ServeOptions(d, "127.0.0.1", 0, null).withHttp(http));
  }

  /** With these options: health and metrics, another store for the log. */
  public static RunningExchange startWith(Path root, Deployment d, ServeOptions options)
      throws Exception {
    String ingest = options.ingest();
    PrexServer server = PrexServer.start(options, new char[0]);
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

  /** One file uploaded by a lab in a session of its own, as {@code sftp put} would. */
  public void upload(String lab, String remotePath, byte[] content) throws Exception {
    try (SftpClient client = connect(lab)) {
      client.put(remotePath, content);
    }
  }

  /** Lab acme-ai uploads a small evaluation as a loose file, which every agency may receive. */
  public void uploadEvaluation() throws Exception {
    upload("acme-ai", "/inbox/eval.txt", "evaluation\n".getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until every agency eligible by default has exactly one package. */
  public void awaitOnePackageEach(String what, java.time.Duration timeout)
      throws InterruptedException {
    Await.until(what, timeout, () -> ELIGIBLE.stream().allMatch(a -> transfers(a).size() == 1));
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
