package org.prex.testing;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.prex.sftp.DropBox;

/**
 * A real SFTP client session (jsch), as a lab would use, with strict host-key checking: against a
 * known_hosts file (a running exchange) or against a drop box's own host key (a bare drop box).
 */
public final class SftpClient implements AutoCloseable {
  private static final int TIMEOUT_MS = 15_000;

  private final Session session;
  private final ChannelSftp sftp;

  private SftpClient(Session session, ChannelSftp sftp) {
    this.session = session;
    this.sftp = sftp;
  }

  /** Logs in with a key, checking the host key against a known_hosts file. */
  public static SftpClient connect(String user, int port, Path privateKey, Path knownHosts)
      throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    jsch.setKnownHosts(knownHosts.toString());
    return open(withKey(jsch.getSession(user, "127.0.0.1", port)));
  }

  /** Logs in to a drop box with a key, checking its host key. */
  public static SftpClient connect(DropBox box, String user, Path privateKey) throws JSchException {
    return open(newSessionFor(box, user, privateKey));
  }

  /** A session that offers only a password. */
  public static SftpClient connectWithPassword(DropBox box, String user, String password)
      throws JSchException {
    Session session = newSession(new JSch(), box, user);
    session.setPassword(password);
    session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
    return open(session);
  }

  /** An authenticated SSH session without the sftp channel, to try other channel types. */
  public static Session session(DropBox box, String user, Path privateKey) throws JSchException {
    Session session = newSessionFor(box, user, privateKey);
    session.connect(TIMEOUT_MS);
    return session;
  }

  /** A session with the user's key and the drop box's host key, not yet connected. */
  public static Session newSessionFor(DropBox box, String user, Path privateKey)
      throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    return withKey(newSession(jsch, box, user));
  }

  private static Session newSession(JSch jsch, DropBox box, String user) throws JSchException {
    jsch.setKnownHosts(
        new ByteArrayInputStream((box.knownHostsLine() + "\n").getBytes(StandardCharsets.UTF_8)));
    return jsch.getSession(user, "127.0.0.1", box.port());
  }

  private static Session withKey(Session session) {
    session.setConfig("StrictHostKeyChecking", "yes");
    session.setConfig("PreferredAuthentications", "publickey");
    return session;
  }

  private static SftpClient open(Session session) throws JSchException {
    session.setConfig("StrictHostKeyChecking", "yes");
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

  public void put(String remotePath, byte[] content) throws SftpException {
    put(remotePath, new ByteArrayInputStream(content));
  }

  public void put(String remotePath, InputStream content) throws SftpException {
    sftp.put(content, remotePath);
  }

  public List<String> ls(String remoteDir) throws SftpException {
    List<String> names = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Vector<ChannelSftp.LsEntry> entries = sftp.ls(remoteDir);
    for (ChannelSftp.LsEntry e : entries) {
      if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
        names.add(e.getFilename());
      }
    }
    return names;
  }

  public ChannelSftp channel() {
    return sftp;
  }

  /** Drops the connection without closing open handles, as a crashing client would. */
  public void dropConnection() {
    session.disconnect();
  }

  @Override
  public void close() {
    sftp.disconnect();
    session.disconnect();
  }
}
