package org.prex.remote;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.prex.remote.SftpFailure.Kind;

/**
 * The one way the product logs in to an SFTP server, the drop box and the agencies' servers alike
 * (docs/delivery.md, "The SFTP client"): public-key authentication only, the server's host key
 * checked strictly against the given known_hosts file (never {@code ~/.ssh}), the SSH library's
 * default algorithms, the whole login within the connect timeout however slowly the server trickles
 * its bytes, and every later step bounded by the read timeout through a {@link StallWatch}.
 */
public final class SftpSessions {
  /** The whole login (TCP, key exchange, authentication, SFTP channel), unless configured. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** Each remote step after the login, as time without progress, unless configured. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private SftpSessions() {}

  /**
   * Who logs in where, with what.
   *
   * @param passphrase the private key's, null when it is not encrypted
   */
  public record Login(
      String user,
      String host,
      int port,
      Path privateKeyFile,
      String passphrase,
      Path knownHostsFile,
      Duration connectTimeout,
      Duration readTimeout) {

    /** Never the passphrase: a record's own toString would print it, and this may be logged. */
    @Override
    public String toString() {
      return "sftp://"
          + user
          + "@"
          + host
          + ":"
          + port
          + (passphrase == null ? "" : " (key with a passphrase)");
    }
  }

  /** Told of the session's watch before the login starts; may refuse to go on (a stop). */
  public interface Watching {
    void started(StallWatch watch) throws IOException;
  }

  /**
   * Logs in and opens the SFTP channel.
   *
   * @throws SftpFailure typed: missing or unusable files, host key, login refused or timed out, no
   *     connection
   * @throws IOException as thrown by {@code watching}
   */
  public static SftpSession open(Login login, Watching watching) throws IOException {
    if (!Files.isRegularFile(login.knownHostsFile())) {
      throw SftpFailure.of(Kind.KNOWN_HOSTS_MISSING, null);
    }
    if (!Files.isRegularFile(login.privateKeyFile())) {
      throw SftpFailure.of(Kind.KEY_MISSING, null);
    }
    JschSettings.install();
    JSch jsch = new JSch();
    try {
      jsch.setKnownHosts(login.knownHostsFile().toString());
    } catch (JSchException e) {
      throw SftpFailure.of(Kind.KNOWN_HOSTS_UNREADABLE, e);
    }
    addIdentity(jsch, login);
    Session session = null;
    StallWatch watch = null;
    try {
      session = jsch.getSession(login.user(), login.host(), login.port());
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      watch = new StallWatch(session, login.connectTimeout());
      watching.started(watch);
      int connectMillis = (int) login.connectTimeout().toMillis();
      session.connect(connectMillis);
      session.setTimeout((int) login.readTimeout().toMillis());
      ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect(connectMillis);
      watch.loggedIn(login.readTimeout());
      return new SftpSession(session, sftp, watch, connectMillis);
    } catch (JSchException e) {
      boolean stalled = watch != null && watch.stalled();
      boolean hostKeySeen = session != null && session.getHostKey() != null;
      closeQuietly(watch, session);
      throw stalled ? SftpFailure.of(Kind.LOGIN_TIMED_OUT, e) : SftpFailure.login(e, hostKeySeen);
    } catch (IOException | RuntimeException e) {
      boolean stalled = watch != null && watch.stalled();
      closeQuietly(watch, session);
      if (stalled) {
        throw SftpFailure.of(Kind.LOGIN_TIMED_OUT, e);
      }
      throw e;
    }
  }

  private static void closeQuietly(StallWatch watch, Session session) {
    if (watch != null) {
      watch.close();
    }
    if (session != null) {
      session.disconnect();
    }
  }

  /**
   * Why this build's line may not log in with the private key in {@code keyFile} (docs/fips.md,
   * "SSH on the FIPS line"), for checks at start; empty when it may, or when the file cannot be
   * read (which is reported on its own).
   */
  public static Optional<String> identityProblem(Path keyFile) {
    return JschLine.identityProblem(keyFile);
  }

  /**
   * Why this build's line cannot check any host key {@code knownHosts} holds for {@code host:port}
   * (docs/fips.md, "SSH on the FIPS line"), for checks at start; empty when it can, or when the
   * file holds none for the server or cannot be read (each reported on its own).
   */
  public static Optional<String> hostKeyProblem(Path knownHosts, String host, int port) {
    return JschLine.hostKeyProblem(knownHosts, host, port);
  }

  /** Loads the key, refusing an encrypted one that no passphrase (or the wrong one) opens. */
  private static void addIdentity(JSch jsch, Login login) throws SftpFailure {
    Optional<String> notApproved = JschLine.identityProblem(login.privateKeyFile());
    if (notApproved.isPresent()) {
      throw SftpFailure.notApproved(notApproved.get());
    }
    String keyFile = login.privateKeyFile().toString();
    try {
      if (login.passphrase() == null) {
        jsch.addIdentity(keyFile);
      } else {
        jsch.addIdentity(keyFile, login.passphrase());
      }
    } catch (JSchException e) {
      boolean wrongPassphrase = login.passphrase() != null && isEncryptedKey(keyFile);
      throw SftpFailure.of(wrongPassphrase ? Kind.WRONG_PASSPHRASE : Kind.KEY_UNREADABLE, null);
    }
    for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
      if (identity.isEncrypted()) {
        throw SftpFailure.of(
            login.passphrase() == null ? Kind.KEY_ENCRYPTED : Kind.WRONG_PASSPHRASE, null);
      }
    }
  }

  /** Whether the file holds a private key that only a passphrase opens. */
  private static boolean isEncryptedKey(String keyFile) {
    JSch probe = new JSch();
    try {
      probe.addIdentity(keyFile);
      return probe.getIdentityRepository().getIdentities().stream().anyMatch(Identity::isEncrypted);
    } catch (JSchException e) {
      return false;
    }
  }
}
