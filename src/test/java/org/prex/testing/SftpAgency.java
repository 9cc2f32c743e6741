package org.prex.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.prex.config.Deployment;
import org.prex.serve.IngestAccount;

/**
 * The agency nsa taking its packages on an SFTP server of its own (a real MINA SSHD server, see
 * {@link AgencySftpServer}): its files and host key on the agency's side, prex's client key and
 * known_hosts file on prex's side, and the policy line that sends nsa's packages there.
 */
public record SftpAgency(Path files, Path hostKey, IngestAccount client, Path knownHosts) {
  public static final String AGENCY = "nsa";
  public static final String USER = "nsa-drop";

  public static SftpAgency under(Path root) throws IOException {
    Path dir = root.resolve("agency-side");
    return new SftpAgency(
        dir.resolve("files"),
        dir.resolve("host_key"),
        IngestAccount.create(root.resolve("prex-side"), root.resolve("prex-side/known_hosts")),
        root.resolve("prex-side/known_hosts"));
  }

  public AgencySftpServer start(int port) throws IOException {
    return AgencySftpServer.start(files, hostKey, USER, client.publicKey(), port);
  }

  /**
   * Starts it again on a port it, or a stand-in, has just given up: another socket of the machine
   * may hold that port for a moment (one of the ephemeral ports any connection takes), so the bind
   * is tried again for up to 15 s.
   */
  public AgencySftpServer restart(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        return start(port);
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  public AgencySftpServer startHanging(int port) throws IOException {
    return AgencySftpServer.startHanging(files, hostKey, USER, client.publicKey(), port);
  }

  /**
   * Starts the agency's server on a free port, trusts its host key and sends nsa's packages to it
   * (with these URI options, e.g. {@code "&readTimeout=2000"}).
   */
  public AgencySftpServer serve(Deployment d, String options) throws IOException {
    return deliveredTo(start(0), d, options);
  }

  /** The same with a server that logs in and then never answers. */
  public AgencySftpServer serveHanging(Deployment d, String options) throws IOException {
    return deliveredTo(startHanging(0), d, options);
  }

  private AgencySftpServer deliveredTo(AgencySftpServer server, Deployment d, String options)
      throws IOException {
    trust(server);
    deliverTo(d, server.port(), options);
    return server;
  }

  /** prex's known_hosts file holds this server's host key. */
  public void trust(AgencySftpServer server) throws IOException {
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
  }

  /** The policy delivers nsa's packages to this agency's server on this port. */
  public void deliverTo(Deployment d, int port) throws IOException {
    deliverTo(d, port, "");
  }

  /** As above, with more URI options ({@code "&readTimeout=2000"}). */
  public void deliverTo(Deployment d, int port, String options) throws IOException {
    Path policy = d.policyFile();
    String uri =
        "sftp://%s@127.0.0.1:%d/outbox?privateKeyFile=%s&knownHostsFile=%s%s"
            .formatted(USER, port, client.privateKeyFile(), knownHosts, options);
    String text = Files.readString(policy);
    String changed = text.replace("deliver: file:outbox/nsa", "deliver: " + uri);
    assertTrue(!changed.equals(text), "policy has nsa's file: delivery to replace");
    Files.writeString(policy, changed);
  }

  /** The transfer folders in the agency's outbox; none may be a partial one. */
  public List<Path> transfers() throws IOException {
    Path outbox = files.resolve("outbox");
    try (Stream<Path> s = Files.list(outbox)) {
      List<Path> all = s.sorted().toList();
      for (Path p : all) {
        assertTrue(p.getFileName().toString().startsWith("t-"), "no partial left: " + p);
      }
      return all;
    }
  }

  /** Everything on the agency's side, for a failure message. */
  public String list() throws IOException {
    try (Stream<Path> s = Files.walk(files)) {
      return s.map(Path::toString).toList().toString();
    }
  }
}
