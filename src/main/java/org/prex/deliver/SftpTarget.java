package org.prex.deliver;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Vector;
import java.util.stream.Stream;
import org.prex.item.Ids;
import org.prex.remote.SftpAddress;
import org.prex.remote.SftpFailure;
import org.prex.remote.SftpSession;
import org.prex.remote.SftpSessions;
import org.prex.remote.StallWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agency's SFTP server ({@code deliver: sftp://user@host:port/path?privateKeyFile=…
 * &knownHostsFile=…}). The server's host key must be in the given known_hosts file (strict
 * checking; {@code ~/.ssh} is never read). A package is uploaded into a hidden partial folder and
 * that folder renamed to {@code <path>/<transfer-id>} when whole; a transfer already there is
 * delivered and never written again.
 *
 * <p>Every remote step has a time limit (docs/delivery.md): the login {@code connectTimeout} (15
 * s), and every SFTP step after it {@code readTimeout} (30 s) without progress; both can be set in
 * milliseconds in the URI. A server that stops answering is cut off, never waited for.
 */
public final class SftpTarget implements DeliveryTarget {
  private static final Logger LOG = LoggerFactory.getLogger(SftpTarget.class);
  private static final String PARTIAL = ".partial";
  private static final String FORM = "sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…";

  private final String agency;
  private final String user;
  private final String host;
  private final int port;
  private final String dir;
  private final Path privateKeyFile;
  private final Path knownHostsFile;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  /** The watch of the session in use, from the start of its login; null when none. */
  private volatile StallWatch watching;

  /** Set by {@link #abort}: no session is started after it. */
  private volatile boolean aborted;

  /**
   * Reads a policy {@code deliver:} URI (checked already when the policy was loaded); relative key
   * file paths are inside the data folder.
   */
  public static SftpTarget of(String agency, String uri, Path dataDir) {
    return new SftpTarget(agency, uri, dataDir);
  }

  private SftpTarget(String agency, String uri, Path dataDir) {
    String what = "agency " + agency + ": deliver";
    SftpAddress a = SftpAddress.parse(uri, what, FORM);
    String key = a.required("privateKeyFile", what + " needs " + FORM);
    String known = a.required("knownHostsFile", what + " needs " + FORM);
    this.agency = agency;
    this.user = a.user();
    this.host = a.host();
    this.port = a.port();
    // sftp://u@h/outbox is relative to the login folder, as for Camel's sftp component; the
    // policy's sftp://u@h/ is the server's root
    this.dir = a.path().equals("/") ? "/" : a.relativePath().isEmpty() ? "." : a.relativePath();
    this.privateKeyFile = dataDir.resolve(key).normalize();
    this.knownHostsFile = dataDir.resolve(known).normalize();
    this.connectTimeout = a.millis("connectTimeout", SftpSessions.CONNECT_TIMEOUT);
    this.readTimeout = a.millis("readTimeout", SftpSessions.READ_TIMEOUT);
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
      try {
        return c.call(() -> c.exists(dir + "/" + transferId));
      } catch (SftpException e) {
        throw c.failure(
            "cannot look for transfer " + transferId + " (SFTP status " + e.id + ")", e);
      }
    }
  }

  /**
   * Uploads into a folder of its own ({@code .<transfer-id>.<random>.partial}), renamed whole: two
   * attempts at the same transfer never write into one folder, and the rename of the second fails
   * once the first is there.
   */
  @Override
  public void put(Path packageDir, String transferId) throws IOException {
    try (Connection c = connect()) {
      String done = dir + "/" + transferId;
      try {
        if (c.call(() -> c.exists(done))) {
          return;
        }
        String partial = dir + "/." + transferId + "." + Ids.transfer() + PARTIAL;
        c.mkdirs(dir);
        c.removeLeftovers(transferId);
        c.call(() -> c.sftp.mkdir(partial));
        try (Stream<Path> files = Files.list(packageDir)) {
          for (Path f : files.sorted().toList()) {
            c.call(
                () ->
                    c.sftp.put(
                        f.toString(),
                        partial + "/" + f.getFileName(),
                        c.session.progressMonitor(),
                        ChannelSftp.OVERWRITE));
          }
        }
        c.call(() -> c.sftp.rename(partial, done));
      } catch (SftpException e) {
        if (c.session.alive() && c.landed(done)) {
          return; // another attempt's rename got there first
        }
        throw c.failure("upload to " + where() + " failed (SFTP status " + e.id + ")", e);
      }
    }
  }

  @Override
  public void putFile(String folder, String name, Path file) throws IOException {
    try (Connection c = connect()) {
      String into = dir + "/" + folder;
      String done = into + "/" + name;
      try {
        if (c.call(() -> c.exists(done))) {
          return;
        }
        c.mkdirs(into);
        String partial = into + "/." + name + "." + Ids.transfer() + PARTIAL;
        c.call(
            () ->
                c.sftp.put(
                    file.toString(), partial, c.session.progressMonitor(), ChannelSftp.OVERWRITE));
        c.call(() -> c.sftp.rename(partial, done));
      } catch (SftpException e) {
        if (c.session.alive() && c.landed(done)) {
          return;
        }
        throw c.failure("upload to " + where() + " failed (SFTP status " + e.id + ")", e);
      }
    }
  }

  /**
   * Cuts off the session in use, if any, its login included: the call using it fails at once, and
   * no session is started after this (a stopped lane must not deliver after its stop).
   */
  @Override
  public void abort() {
    aborted = true;
    StallWatch w = watching;
    if (w != null) {
      w.abort();
    }
  }

  private TargetUnavailable stopping() {
    return new TargetUnavailable("agency " + agency + ": delivery stopped", null);
  }

  private Connection connect() throws IOException {
    if (aborted) {
      throw stopping();
    }
    SftpSession session;
    try {
      session =
          SftpSessions.open(
              new SftpSessions.Login(
                  user,
                  host,
                  port,
                  privateKeyFile,
                  null,
                  knownHostsFile,
                  connectTimeout,
                  readTimeout),
              watch -> {
                watching = watch;
                if (aborted) {
                  throw stopping();
                }
              });
    } catch (IOException | RuntimeException e) {
      watching = null;
      if (aborted) {
        throw stopping();
      }
      if (e instanceof SftpFailure f) {
        throw new TargetUnavailable(loginFailure(f), null);
      }
      throw e;
    }
    if (aborted) {
      watching = null;
      session.close();
      throw stopping();
    }
    return new Connection(session);
  }

  /** What a failed login means, for the lane's log line: no key material, no lab or file name. */
  private String loginFailure(SftpFailure e) {
    String agency = "agency " + this.agency + ": ";
    return switch (e.kind()) {
      case KNOWN_HOSTS_MISSING -> agency + "knownHostsFile " + knownHostsFile + " does not exist";
      case KEY_MISSING, KEY_UNREADABLE, KEY_ENCRYPTED, WRONG_PASSPHRASE ->
          agency + "cannot use privateKeyFile " + privateKeyFile;
      case KEY_NOT_APPROVED ->
          agency + "cannot use privateKeyFile " + privateKeyFile + ": " + e.causeName();
      case HOST_KEY ->
          agency
              + "host key mismatch for "
              + host
              + ":"
              + port
              + " (its key is not the one in "
              + knownHostsFile
              + ")";
      case LOGIN_REFUSED -> agency + where() + " refused the login with the configured key";
      case LOGIN_TIMED_OUT ->
          agency
              + where()
              + " did not complete the login within "
              + connectTimeout.toSeconds()
              + " s";
      case ALGORITHMS -> agency + "cannot connect to " + where() + " (no algorithm in common)";
      default -> agency + "cannot connect to " + where() + " (" + e.causeName() + ")";
    };
  }

  /** A session with the agency's server, and the steps of an upload over it. */
  private final class Connection implements AutoCloseable {
    final SftpSession session;
    final ChannelSftp sftp;

    Connection(SftpSession session) {
      this.session = session;
      this.sftp = session.sftp();
    }

    /** A remote step, bounded by the read timeout; a cut-off or closed session is unavailable. */
    <T> T call(SftpSession.Step<T> step) throws SftpException, IOException {
      try {
        return session.step(step);
      } catch (SftpFailure e) {
        throw stalled();
      }
    }

    void call(Call step) throws SftpException, IOException {
      call(
          () -> {
            step.run();
            return null;
          });
    }

    TargetUnavailable stalled() {
      return new TargetUnavailable(
          "agency "
              + agency
              + ": "
              + where()
              + (session.stalled()
                  ? " stopped answering (nothing for " + readTimeout.toSeconds() + " s)"
                  : " closed the connection"),
          null);
    }

    TargetUnavailable failure(String what, SftpException e) {
      return session.alive()
          ? new TargetUnavailable("agency " + agency + ": " + what, e)
          : stalled();
    }

    boolean exists(String path) throws IOException {
      try {
        return sftp.stat(path).isDir();
      } catch (SftpException e) {
        if (SftpFailure.isMissing(e)) {
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
        String folder = sb.toString();
        if (!call(() -> exists(folder))) {
          call(() -> sftp.mkdir(folder));
        }
      }
    }

    /**
     * Removes the partial folders of this transfer's attempts that were cut off, where the server
     * lets it: a refusal (an inbox that may not be listed, a folder that may not be removed) is
     * housekeeping not done, no failure; another transfer's partial folder is never touched.
     */
    void removeLeftovers(String transferId) throws IOException {
      try {
        @SuppressWarnings("unchecked")
        Vector<ChannelSftp.LsEntry> entries = call(() -> sftp.ls(dir));
        for (ChannelSftp.LsEntry e : entries) {
          if (DeliveryTarget.isPartialOf(e.getFilename(), transferId) && e.getAttrs().isDir()) {
            removeTree(dir + "/" + e.getFilename());
          }
        }
      } catch (SftpException e) {
        if (!session.alive()) {
          throw stalled();
        }
        LOG.debug(
            "agency {}: partial folders at {} not removed (SFTP status {})", agency, where(), e.id);
      }
    }

    /** Whether a transfer is there after a failed step; a step like any other, under the watch. */
    boolean landed(String done) throws IOException {
      try {
        return call(() -> exists(done));
      } catch (TargetUnavailable stalled) {
        throw stalled;
      } catch (SftpException | IOException e) {
        return false;
      }
    }

    void removeTree(String path) throws SftpException, IOException {
      if (!call(() -> exists(path))) {
        return;
      }
      @SuppressWarnings("unchecked")
      Vector<ChannelSftp.LsEntry> entries = call(() -> sftp.ls(path));
      for (ChannelSftp.LsEntry e : entries) {
        String name = e.getFilename();
        if (name.equals(".") || name.equals("..")) {
          continue;
        }
        if (e.getAttrs().isDir()) {
          removeTree(path + "/" + name);
        } else {
          call(() -> sftp.rm(path + "/" + name));
        }
      }
      call(() -> sftp.rmdir(path));
    }

    @Override
    public void close() {
      watching = null;
      session.close();
    }
  }

  /** An SFTP step without a result. */
  private interface Call {
    void run() throws SftpException, IOException;
  }
}
