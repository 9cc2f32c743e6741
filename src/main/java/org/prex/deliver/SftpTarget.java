package org.prex.deliver;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Vector;
import java.util.stream.Stream;

/**
 * An agency's SFTP server ({@code deliver: sftp://user@host:port/path?privateKeyFile=…
 * &knownHostsFile=…}). The server's host key must be in the given known_hosts file (strict
 * checking; {@code ~/.ssh} is never read). A package is uploaded into {@code
 * <path>/.<transfer-id>.partial/} and that folder renamed to {@code <path>/<transfer-id>} when
 * whole; a transfer already there is delivered and never written again.
 */
public final class SftpTarget implements DeliveryTarget {
  private static final int TIMEOUT_MILLIS = 15_000;

  private final String agency;
  private final String user;
  private final String host;
  private final int port;
  private final String dir;
  private final Path privateKeyFile;
  private final Path knownHostsFile;

  SftpTarget(
      String agency,
      String user,
      String host,
      int port,
      String dir,
      Path privateKeyFile,
      Path knownHostsFile) {
    this.agency = agency;
    this.user = user;
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.privateKeyFile = privateKeyFile;
    this.knownHostsFile = knownHostsFile;
  }

  /** Parses a policy URI; relative key file paths are inside the data folder. */
  public static SftpTarget of(String agency, String uri, Path dataDir) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("agency " + agency + ": invalid sftp URI", e);
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (u.getRawQuery() != null) {
      for (String kv : u.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          query.put(
              kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String key = query.get("privateKeyFile");
    String known = query.get("knownHostsFile");
    if (u.getHost() == null || u.getUserInfo() == null || key == null || known == null) {
      throw new IllegalArgumentException(
          "agency "
              + agency
              + ": deliver needs sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…");
    }
    String path = u.getPath() == null || u.getPath().isEmpty() ? "." : u.getPath();
    if (path.startsWith("/") && path.length() > 1) {
      // sftp://u@h/outbox is relative to the login folder, as for Camel's sftp component
      path = path.substring(1);
    }
    return new SftpTarget(
        agency,
        u.getUserInfo(),
        u.getHost(),
        u.getPort() < 0 ? 22 : u.getPort(),
        path,
        dataDir.resolve(key).normalize(),
        dataDir.resolve(known).normalize());
  }

  public Path privateKeyFile() {
    return privateKeyFile;
  }

  public Path knownHostsFile() {
    return knownHostsFile;
  }

  /** The target without its credentials, for messages. */
  public String where() {
    return "sftp://" + user + "@" + host + ":" + port + "/" + dir;
  }

  @Override
  public boolean has(String transferId) throws IOException {
    try (Connection c = connect()) {
      return c.exists(dir + "/" + transferId);
    }
  }

  @Override
  public void put(Path packageDir, String transferId) throws IOException {
    try (Connection c = connect()) {
      String done = dir + "/" + transferId;
      if (c.exists(done)) {
        return;
      }
      String partial = dir + "/." + transferId + ".partial";
      try {
        c.mkdirs(dir);
        c.removeTree(partial);
        c.sftp.mkdir(partial);
        try (Stream<Path> files = Files.list(packageDir)) {
          for (Path f : files.sorted().toList()) {
            c.sftp.put(f.toString(), partial + "/" + f.getFileName());
          }
        }
        c.sftp.rename(partial, done);
      } catch (SftpException e) {
        if (c.exists(done)) {
          return;
        }
        throw new TargetUnavailable(
            "agency " + agency + ": upload to " + where() + " failed (SFTP status " + e.id + ")",
            e);
      }
    }
  }

  private Connection connect() throws IOException {
    if (!Files.isRegularFile(knownHostsFile)) {
      throw new TargetUnavailable(
          "agency " + agency + ": knownHostsFile " + knownHostsFile + " does not exist", null);
    }
    Session session = null;
    try {
      JSch jsch = new JSch();
      jsch.setKnownHosts(knownHostsFile.toString());
      jsch.addIdentity(privateKeyFile.toString());
      session = jsch.getSession(user, host, port);
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      session.connect(TIMEOUT_MILLIS);
      ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect(TIMEOUT_MILLIS);
      return new Connection(session, sftp);
    } catch (JSchException e) {
      if (session != null) {
        session.disconnect();
      }
      String m = String.valueOf(e.getMessage());
      if (m.contains("HostKey") || m.contains("host key")) {
        throw new TargetUnavailable(
            "agency "
                + agency
                + ": host key mismatch for "
                + host
                + ":"
                + port
                + " (its key is not the one in "
                + knownHostsFile
                + ")",
            null);
      }
      if (m.contains("Auth fail") || m.contains("auth")) {
        throw new TargetUnavailable(
            "agency " + agency + ": " + where() + " refused the login with the configured key",
            null);
      }
      if (e.getMessage() != null && e.getMessage().contains("invalid privatekey")) {
        throw new TargetUnavailable(
            "agency " + agency + ": cannot use privateKeyFile " + privateKeyFile, null);
      }
      throw new TargetUnavailable(
          "agency " + agency + ": cannot connect to " + where() + " (" + causeName(e) + ")", null);
    }
  }

  private static String causeName(JSchException e) {
    Throwable c = e.getCause();
    return c != null ? c.getClass().getSimpleName() : "connection failed";
  }

  private static final class Connection implements AutoCloseable {
    final Session session;
    final ChannelSftp sftp;

    Connection(Session session, ChannelSftp sftp) {
      this.session = session;
      this.sftp = sftp;
    }

    boolean exists(String path) throws IOException {
      try {
        return sftp.stat(path).isDir();
      } catch (SftpException e) {
        if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
          return false;
        }
        throw new IOException("SFTP status " + e.id, e);
      }
    }

    void mkdirs(String path) throws SftpException, IOException {
      StringBuilder sb = new StringBuilder();
      for (String part : path.split("/")) {
        if (part.isEmpty() || part.equals(".")) {
          if (sb.length() == 0 && path.startsWith("/")) {
            sb.append("/");
          }
          continue;
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
          sb.append('/');
        }
        sb.append(part);
        if (!exists(sb.toString())) {
          sftp.mkdir(sb.toString());
        }
      }
    }

    void removeTree(String path) throws SftpException, IOException {
      if (!exists(path)) {
        return;
      }
      @SuppressWarnings("unchecked")
      Vector<ChannelSftp.LsEntry> entries = sftp.ls(path);
      for (ChannelSftp.LsEntry e : entries) {
        String name = e.getFilename();
        if (name.equals(".") || name.equals("..")) {
          continue;
        }
        if (e.getAttrs().isDir()) {
          removeTree(path + "/" + name);
        } else {
          sftp.rm(path + "/" + name);
        }
      }
      sftp.rmdir(path);
    }

    @Override
    public void close() {
      sftp.disconnect();
      session.disconnect();
    }
  }
}
