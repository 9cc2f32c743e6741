package org.prex.testing;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

/** A real SFTP client session (jsch), as a lab would use, with strict host-key checking. */
public final class SftpClient implements AutoCloseable {
  private final Session session;
  private final ChannelSftp sftp;

  private SftpClient(Session session, ChannelSftp sftp) {
    this.session = session;
    this.sftp = sftp;
  }

  public static SftpClient connect(String user, int port, Path privateKey, Path knownHosts)
      throws JSchException {
    JSch jsch = new JSch();
    jsch.addIdentity(privateKey.toString());
    jsch.setKnownHosts(knownHosts.toString());
    Session session = jsch.getSession(user, "127.0.0.1", port);
    session.setConfig("StrictHostKeyChecking", "yes");
    session.setConfig("PreferredAuthentications", "publickey");
    session.connect(15_000);
    ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
    sftp.connect(15_000);
    return new SftpClient(session, sftp);
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

  @Override
  public void close() {
    sftp.disconnect();
    session.disconnect();
  }
}
