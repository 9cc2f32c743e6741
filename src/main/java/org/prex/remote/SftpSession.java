package org.prex.remote;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.SftpProgressMonitor;
import java.io.IOException;
import org.prex.remote.SftpFailure.Kind;

/**
 * A logged-in SFTP session from {@link SftpSessions#open}: its main channel, more channels for
 * streams read alongside it, and {@link #step} to bound each remote step by the read timeout.
 */
public final class SftpSession implements AutoCloseable {
  private final Session session;
  private final ChannelSftp sftp;
  private final StallWatch watch;
  private final int connectMillis;

  SftpSession(Session session, ChannelSftp sftp, StallWatch watch, int connectMillis) {
    this.session = session;
    this.sftp = sftp;
    this.watch = watch;
    this.connectMillis = connectMillis;
  }

  /** A remote step: SFTP calls, and the I/O that goes with them. */
  public interface Step<T> {
    T run() throws SftpException, IOException;
  }

  /** The session's main SFTP channel; use it within {@link #step}s. */
  public ChannelSftp sftp() {
    return sftp;
  }

  /** Another SFTP channel on this session, e.g. for a file read while others are listed. */
  public ChannelSftp openChannel() throws JSchException {
    ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
    try {
      channel.connect(connectMillis);
      return channel;
    } catch (JSchException e) {
      channel.disconnect();
      throw e;
    }
  }

  /**
   * Runs a remote step under the watch. A step the watch cut off fails with {@link Kind#STALLED}
   * (even one that seemed to succeed: a read cut off can look like the end of the file), and one
   * that failed because the server closed the connection with {@link Kind#CLOSED}; any other
   * failure is the step's own.
   */
  public <T> T step(Step<T> step) throws SftpException, IOException {
    watch.begin();
    try {
      T result = step.run();
      if (watch.stalled()) {
        throw SftpFailure.of(Kind.STALLED, null);
      }
      return result;
    } catch (SftpFailure e) {
      throw e;
    } catch (SftpException | IOException | RuntimeException e) {
      if (watch.stalled()) {
        throw SftpFailure.of(Kind.STALLED, e);
      }
      if (!session.isConnected()) {
        throw SftpFailure.of(Kind.CLOSED, e);
      }
      throw e;
    } finally {
      watch.end();
    }
  }

  /** Whether the session is still usable: not cut off, not closed. */
  public boolean alive() {
    return !watch.stalled() && session.isConnected();
  }

  /** Whether the watch cut the session off. */
  public boolean stalled() {
    return watch.stalled();
  }

  /** Marks progress within a long step (bytes moved). */
  public void progress() {
    watch.progress();
  }

  /** A monitor for jsch's transfers that marks their progress. */
  public SftpProgressMonitor progressMonitor() {
    return new SftpProgressMonitor() {
      @Override
      public void init(int op, String src, String dest, long max) {
        watch.progress();
      }

      @Override
      public boolean count(long count) {
        watch.progress();
        return true;
      }

      @Override
      public void end() {
        watch.progress();
      }
    };
  }

  /** Ends the session; open streams and channels end with it. Never throws. */
  @Override
  public void close() {
    watch.close();
    sftp.disconnect();
    session.disconnect();
  }
}
