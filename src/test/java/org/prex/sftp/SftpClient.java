package org.prex.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A real SFTP client session (jsch) with strict host key checking against the drop box's key. */
final class SftpClient implements AutoCloseable {

  private static final int TIMEOUT_MS = 15_000;

  private final Session session;
  private final ChannelSftp sftp;

  private SftpClient(Session session, ChannelSftp sftp) {
    this.session = session;
    this.sftp = sftp;
  }

  static SftpClient connect(DropBox box, String user, Path privateKey) throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    Session session = newSession(jsch, box, user);
    session.setConfig("PreferredAuthentications", "publickey");
    return open(session);
  }

  /** A session that offers only a password. */
  static SftpClient connectWithPassword(DropBox box, String user, String password)
      throws JSchException {
    Session session = newSession(new JSch(), box, user);
    session.setPassword(password);
    session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
    return open(session);
  }

  /** An authenticated SSH session without the sftp channel, to try other channel types. */
  static Session session(DropBox box, String user, Path privateKey) throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    Session session = newSession(jsch, box, user);
    session.setConfig("PreferredAuthentications", "publickey");
    session.connect(TIMEOUT_MS);
    return session;
  }

  /** A session with the user's key and the drop box's host key, not yet connected. */
  static Session newSessionFor(DropBox box, String user, Path privateKey) throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    Session session = newSession(jsch, box, user);
    session.setConfig("PreferredAuthentications", "publickey");
    return session;
  }

  private static Session newSession(JSch jsch, DropBox box, String user) throws JSchException {
    jsch.setKnownHosts(
        new ByteArrayInputStream((box.knownHostsLine() + "\n").getBytes(StandardCharsets.UTF_8)));
    Session session = jsch.getSession(user, "127.0.0.1", box.port());
    session.setConfig("StrictHostKeyChecking", "yes");
    return session;
  }

  private static SftpClient open(Session session) throws JSchException {
    session.connect(TIMEOUT_MS);
    try {
      ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect(TIMEOUT_MS);
      return new SftpClient(session, sftp);
    } catch (JSchException | RuntimeException e) {
      session.disconnect();
      throw e;
    }
  }

  ChannelSftp sftp() {
    return sftp;
  }

  /** Drops the connection without closing open handles, as a crashing client would. */
  void dropConnection() {
    session.disconnect();
  }

  @Override
  public void close() {
    sftp.disconnect();
    session.disconnect();
  }
}
