package org.prex.ingest;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Vector;
import org.prex.remote.StallWatch;

/**
 * A {@link DropBoxClient} over one SSH session (jsch): the embedded drop box as {@code
 * prex-ingest}, or an external SFTP server. Listing, removing and writing share one SFTP channel;
 * each {@link #open} stream has its own, so a file can be read while others are listed or removed.
 *
 * <p>Receipts replace an existing file atomically where the server offers {@code
 * posix-rename@openssh.com} (the embedded drop box and OpenSSH do); elsewhere the old file is
 * removed just before the rename, so a reader may briefly find none, but never a partial one.
 *
 * <p>jsch expands {@code *} and {@code ?} in remote paths; every path is escaped before it is
 * handed over, so a lab's file named {@code *} is that file and never a pattern.
 */
public final class SftpDropBoxClient implements DropBoxClient {

  /** The whole login (TCP, key exchange, authentication, SFTP channel). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  /** Each remote step after the login, as time without progress. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final int TIMEOUT_MILLIS = (int) CONNECT_TIMEOUT.toMillis();
  private static final int SSH_FX_FILE_ALREADY_EXISTS = 11;

  private final Session session;
  private final ChannelSftp sftp;
  private final String base;
  private final StallWatch watch;
  private final String where;

  private SftpDropBoxClient(
      Session session, ChannelSftp sftp, String base, StallWatch watch, String where) {
    this.session = session;
    this.sftp = sftp;
    this.base = base;
    this.watch = watch;
    this.where = where;
  }

  /**
   * Connects with strict host-key checking against {@code knownHostsFile} only (never {@code
   * ~/.ssh}), public-key authentication only. {@code basePath} {@code ""} is the login folder.
   *
   * @throws DropBoxUnavailable cannot connect, host key mismatch, login refused, unusable key file
   */
  public static SftpDropBoxClient connect(DropBoxAddress address) throws IOException {
    String where = where(address);
    if (!Files.isRegularFile(address.knownHostsFile())) {
      throw new DropBoxUnavailable(
          where + ": knownHostsFile " + address.knownHostsFile() + " does not exist");
    }
    if (!Files.isRegularFile(address.privateKeyFile())) {
      throw new DropBoxUnavailable(
          where + ": privateKeyFile " + address.privateKeyFile() + " does not exist");
    }
    JSch jsch = new JSch();
    try {
      jsch.setKnownHosts(address.knownHostsFile().toString());
    } catch (JSchException e) {
      throw new DropBoxUnavailable(
          where + ": cannot read knownHostsFile " + address.knownHostsFile());
    }
    addIdentity(jsch, address, where);
    Session session = null;
    StallWatch watch = null;
    try {
      session = jsch.getSession(address.user(), address.host(), address.port());
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      watch = new StallWatch(session, CONNECT_TIMEOUT);
      session.connect(TIMEOUT_MILLIS);
      session.setTimeout((int) READ_TIMEOUT.toMillis());
      ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect(TIMEOUT_MILLIS);
      String base = absoluteBase(sftp, address, where);
      watch.loggedIn(READ_TIMEOUT);
      return new SftpDropBoxClient(session, sftp, base, watch, where);
    } catch (JSchException e) {
      boolean stalled = watch != null && watch.stalled();
      closeQuietly(watch, session);
      if (stalled) {
        throw new DropBoxUnavailable(
            where + " did not complete the login within " + CONNECT_TIMEOUT.toSeconds() + " s");
      }
      throw connectFailure(e, address, where);
    } catch (IOException | RuntimeException e) {
      boolean stalled = watch != null && watch.stalled();
      closeQuietly(watch, session);
      if (stalled) {
        throw new DropBoxUnavailable(
            where + " did not complete the login within " + CONNECT_TIMEOUT.toSeconds() + " s");
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

  /** A remote step: bounded by the watch, and said to be so when the watch cut it off. */
  private interface Step<T> {
    T run() throws IOException;
  }

  private <T> T step(Step<T> step) throws IOException {
    watch.begin();
    try {
      T result = step.run();
      if (watch.stalled()) {
        // a read cut off by the watch can look like the end of the file
        throw new IOException("cut off");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      if (watch.stalled()) {
        throw new DropBoxUnavailable(
            where + " stopped answering (nothing for " + READ_TIMEOUT.toSeconds() + " s)");
      }
      throw e;
    } finally {
      watch.end();
    }
  }

  @Override
  public synchronized List<Entry> list(String dir) throws IOException {
    return step(
        () -> {
          String rel = relative(dir, true);
          if (!isFolder(rel, "list")) {
            return List.of();
          }
          return entries(rel);
        });
  }

  @Override
  public synchronized List<Entry> listTree(String dir) throws IOException {
    return step(
        () -> {
          String rel = relative(dir, true);
          List<Entry> tree = new ArrayList<>();
          if (isFolder(rel, "list")) {
            walk(rel, tree);
          }
          return tree;
        });
  }

  @Override
  public InputStream open(String path) throws IOException {
    String rel = relative(path, false);
    return step(
        () -> {
          ChannelSftp channel = null;
          try {
            channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(TIMEOUT_MILLIS);
          } catch (JSchException e) {
            if (channel != null) {
              channel.disconnect();
            }
            throw new IOException(
                "cannot read " + shown(rel) + ": no SFTP channel (" + causeOf(e) + ")", e);
          }
          try {
            return new RemoteFile(channel.get(remote(rel)), channel, rel);
          } catch (SftpException e) {
            channel.disconnect();
            throw failure("read", rel, e);
          }
        });
  }

  @Override
  public synchronized void remove(String path) throws IOException {
    step(
        () -> {
          String rel = relative(path, false);
          try {
            sftp.rm(remote(rel));
          } catch (SftpException e) {
            throw failure("remove", rel, e);
          }
          return null;
        });
  }

  @Override
  public synchronized void removeDir(String path) throws IOException {
    step(
        () -> {
          String rel = relative(path, false);
          try {
            sftp.rmdir(remote(rel));
          } catch (SftpException e) {
            throw failure("remove folder", rel, e);
          }
          return null;
        });
  }

  @Override
  public synchronized void writeAtomically(String dir, String name, byte[] content)
      throws IOException {
    step(
        () -> {
          String folder = relative(dir, true);
          if (name == null
              || name.isEmpty()
              || name.contains("/")
              || name.equals(".")
              || name.equals("..")
              || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file name: '" + shown(name) + "'");
          }
          String target = join(folder, name);
          String partial = join(folder, "." + name + ".partial");
          String what = target + " (as " + partial + ")";
          try {
            sftp.put(new ByteArrayInputStream(content), remote(partial), ChannelSftp.OVERWRITE);
          } catch (SftpException e) {
            throw failure("write", what, e);
          }
          try {
            renameReplacing(partial, target);
          } catch (SftpException e) {
            try {
              sftp.rm(remote(partial));
            } catch (SftpException cleanup) {
              e.addSuppressed(cleanup);
            }
            throw failure("rename", what, e);
          }
          return null;
        });
  }

  @Override
  public synchronized void close() {
    watch.close();
    sftp.disconnect();
    session.disconnect();
  }

  // ---- listing

  /**
   * Whether {@code rel} is a folder; false when missing; refuses a file or a link below the root
   * (the root itself, chosen by the operator, may be a link).
   */
  private boolean isFolder(String rel, String op) throws IOException {
    SftpATTRS attrs;
    try {
      attrs = rel.isEmpty() ? sftp.stat(remote(rel)) : sftp.lstat(remote(rel));
    } catch (SftpException e) {
      if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return false;
      }
      throw failure(op, rel, e);
    }
    if (!attrs.isDir()) {
      throw new IOException(
          "cannot "
              + op
              + " "
              + shown(rel)
              + ": not a folder"
              + (attrs.isLink() ? " (a link)" : ""));
    }
    return true;
  }

  private void walk(String rel, List<Entry> out) throws IOException {
    for (Entry e : entries(rel)) {
      out.add(e);
      if (e.directory()) {
        walk(e.path(), out);
      }
    }
  }

  private List<Entry> entries(String rel) throws IOException {
    Vector<ChannelSftp.LsEntry> found;
    try {
      found = sftp.ls(remote(rel));
    } catch (SftpException e) {
      if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return List.of();
      }
      throw failure("list", rel, e);
    }
    List<Entry> entries = new ArrayList<>();
    for (ChannelSftp.LsEntry e : found) {
      String name = e.getFilename();
      SftpATTRS attrs = e.getAttrs();
      if (name.equals(".")
          || name.equals("..")
          || name.contains("/")
          || attrs.isLink()
          || !(attrs.isDir() || attrs.isReg() || !hasPermissions(attrs))) {
        continue;
      }
      entries.add(
          new Entry(
              join(rel, name),
              attrs.isDir() ? 0 : attrs.getSize(),
              Integer.toUnsignedLong(attrs.getMTime()) * 1000,
              attrs.isDir()));
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  /** Without permission bits a server does not say what an entry is: take it as a file. */
  private static boolean hasPermissions(SftpATTRS attrs) {
    return (attrs.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_PERMISSIONS) != 0;
  }

  /**
   * jsch renames with {@code posix-rename@openssh.com} (replacing) when the server offers it; a
   * plain SFTP v3 rename fails on an existing target, which is then removed and the rename redone.
   */
  private void renameReplacing(String from, String to) throws SftpException {
    try {
      sftp.rename(remote(from), remote(to));
    } catch (SftpException e) {
      boolean maybeExists =
          e.id == ChannelSftp.SSH_FX_FAILURE || e.id == SSH_FX_FILE_ALREADY_EXISTS;
      if (!maybeExists || !exists(to)) {
        throw e;
      }
      sftp.rm(remote(to));
      sftp.rename(remote(from), remote(to));
    }
  }

  private boolean exists(String rel) {
    try {
      sftp.lstat(remote(rel));
      return true;
    } catch (SftpException e) {
      return false;
    }
  }

  // ---- paths

  /**
   * Checks a path relative to the drop box root: '/'-separated names, none empty, {@code .} or
   * {@code ..}; a trailing '/' is dropped. {@code ""} (the root) only where a folder is meant.
   */
  private static String relative(String path, boolean rootAllowed) {
    if (path == null) {
      throw new IllegalArgumentException("no path");
    }
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      if (rootAllowed && !path.startsWith("/")) {
        return "";
      }
      throw new IllegalArgumentException(
          "not a path below the drop box root: '" + shown(path) + "'");
    }
    for (String name : p.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "not a path relative to the drop box root (no leading '/', empty, '.' or '..' names): '"
                + shown(path)
                + "'");
      }
    }
    return p;
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** The path as jsch wants it: absolute, with its wildcard characters escaped. */
  private String remote(String rel) {
    String escapedBase = escape(base);
    if (rel.isEmpty()) {
      return escapedBase;
    }
    return (escapedBase.endsWith("/") ? escapedBase : escapedBase + "/") + escape(rel);
  }

  private static String escape(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == '*' || c == '?') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String absoluteBase(ChannelSftp sftp, DropBoxAddress address, String where)
      throws IOException {
    String basePath = address.basePath();
    if (basePath.startsWith("/")) {
      return basePath;
    }
    String home;
    try {
      home = sftp.pwd();
    } catch (SftpException e) {
      throw new DropBoxUnavailable(
          where + ": cannot find the login folder (SFTP status " + e.id + ")");
    }
    if (basePath.isEmpty()) {
      return home;
    }
    return (home.endsWith("/") ? home : home + "/") + basePath;
  }

  // ---- messages

  /** A path for a message: control characters (a lab chooses its file names) shown as '?'. */
  private static String shown(String path) {
    if (path == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(path.length());
    path.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  private static IOException failure(String op, String what, SftpException e) {
    return new IOException(
        "cannot " + op + " " + shown(what) + ": " + status(e.id) + " (SFTP status " + e.id + ")",
        e);
  }

  private static String status(int id) {
    return switch (id) {
      case ChannelSftp.SSH_FX_EOF -> "end of file";
      case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file";
      case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
      case ChannelSftp.SSH_FX_BAD_MESSAGE -> "bad message";
      case ChannelSftp.SSH_FX_NO_CONNECTION -> "no connection";
      case ChannelSftp.SSH_FX_CONNECTION_LOST -> "connection lost";
      case ChannelSftp.SSH_FX_OP_UNSUPPORTED -> "operation unsupported";
      case SSH_FX_FILE_ALREADY_EXISTS -> "file already exists";
      default -> "failed";
    };
  }

  private static String where(DropBoxAddress a) {
    return "drop box " + a.server();
  }

  private static void addIdentity(JSch jsch, DropBoxAddress address, String where)
      throws DropBoxUnavailable {
    String keyFile = address.privateKeyFile().toString();
    try {
      if (address.privateKeyPassphrase() == null) {
        jsch.addIdentity(keyFile);
      } else {
        jsch.addIdentity(keyFile, address.privateKeyPassphrase());
      }
    } catch (JSchException e) {
      if (address.privateKeyPassphrase() != null && isEncryptedKey(keyFile)) {
        throw new DropBoxUnavailable(
            where
                + ": cannot use privateKeyFile "
                + keyFile
                + ": the privateKeyPassphrase does not decrypt it");
      }
      throw new DropBoxUnavailable(
          where + ": cannot use privateKeyFile " + keyFile + " (not a private key jsch can read)");
    }
    for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
      if (identity.isEncrypted()) {
        throw new DropBoxUnavailable(
            where
                + ": cannot use privateKeyFile "
                + keyFile
                + (address.privateKeyPassphrase() == null
                    ? ": it is encrypted and no privateKeyPassphrase was given"
                    : ": the privateKeyPassphrase does not decrypt it"));
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

  private static DropBoxUnavailable connectFailure(
      JSchException e, DropBoxAddress address, String where) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("HostKey") || m.contains("host key")) {
      return new DropBoxUnavailable(
          where
              + ": host key mismatch for "
              + address.host()
              + ":"
              + address.port()
              + " (its key is not the one in "
              + address.knownHostsFile()
              + ")");
    }
    if (m.contains("Auth fail") || m.contains("auth")) {
      return new DropBoxUnavailable(
          where
              + " refused the login as "
              + address.user()
              + " with privateKeyFile "
              + address.privateKeyFile());
    }
    return new DropBoxUnavailable("cannot connect to " + where + " (" + causeOf(e) + ")");
  }

  private static String causeOf(JSchException e) {
    Throwable cause = e.getCause();
    return cause != null ? cause.getClass().getSimpleName() : "connection failed";
  }

  /** A file being read over its own SFTP channel, closed with the stream; each read a step. */
  private final class RemoteFile extends FilterInputStream {
    private final ChannelSftp channel;
    private final String rel;

    RemoteFile(InputStream in, ChannelSftp channel, String rel) {
      super(in);
      this.channel = channel;
      this.rel = rel;
    }

    @Override
    public int read() throws IOException {
      return step(
          () -> {
            try {
              return super.read();
            } catch (IOException e) {
              throw readFailure(e);
            }
          });
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return step(
          () -> {
            try {
              return super.read(b, off, len);
            } catch (IOException e) {
              throw readFailure(e);
            }
          });
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        channel.disconnect();
      }
    }

    private IOException readFailure(IOException e) {
      return new IOException(
          "cannot read " + shown(rel) + ": the transfer broke off (" + e.getMessage() + ")", e);
    }
  }
}
