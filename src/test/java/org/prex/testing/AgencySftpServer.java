package org.prex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An agency's own SFTP server for delivery tests: one account, public-key login with one key only,
 * jailed to a folder, with a host key persisted in a file so that a restart on the same port is the
 * same host.
 */
public final class AgencySftpServer implements AutoCloseable {
  private final SshServer server;
  private final String knownHostsLine;

  private AgencySftpServer(SshServer server, String knownHostsLine) {
    this.server = server;
    this.knownHostsLine = knownHostsLine;
  }

  public static AgencySftpServer start(
      Path root, Path hostKeyFile, String user, PublicKey allowed, int port) throws IOException {
    Files.createDirectories(root);
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKey.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server.setKeyPairProvider(hostKey);
    server.setPublickeyAuthenticator(
        (u, key, session) -> user.equals(u) && KeyUtils.compareKeys(allowed, key));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    server.start();
    PublicKey hostPublic = hostKey.loadKeys(null).iterator().next().getPublic();
    String line = "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostPublic);
    return new AgencySftpServer(server, line);
  }

  public int port() {
    return server.getPort();
  }

  /** The known_hosts line of this server. */
  public String knownHostsLine() {
    return knownHostsLine;
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
