package org.prex.ingest;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Vector;
import org.prex.remote.SftpFailure;
import org.prex.remote.SftpSession;
import org.prex.remote.SftpSessions;

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

  private final SftpSession session;
  private final ChannelSftp sftp;
  private final String base;
  private final String where;

  private SftpDropBoxClient(SftpSession session, String base, String where) {
    this.session = session;
    this.sftp = session.sftp();
    this.base = base;
    this.where = where;
  }

  /**
   * Connects with strict host-key checking against {@code knownHostsFile} only (never {@code
   * ~/.ssh}), public-key authentication only. {@code basePath} {@code ""} is the login folder.
   *
   * @throws DropBoxUnavailable cannot connect, host key mismatch, login refused, unusable key file
   */
  public static SftpDropBoxClient connect(DropBoxAddress address) throws IOException {
    String where = "drop box " + address.server();
    SftpSession session;
    try {
      session =
          SftpSessions.open(
              new SftpSessions.Login(
                  address.user(),
                  address.host(),
                  address.port(),
                  address.privateKeyFile(),
                  address.privateKeyPassphrase(),
                  address.knownHostsFile(),
                  SftpSessions.CONNECT_TIMEOUT,
                  SftpSessions.READ_TIMEOUT),
              watch -> {});
    } catch (SftpFailure e) {
      throw new DropBoxUnavailable(loginFailure(e, address, where));
    }
    try {
      return new SftpDropBoxClient(session, absoluteBase(session, address, where), where);
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** What a failed login means for the operator: the server, the file or the setting concerned. */
  private static String loginFailure(SftpFailure e, DropBoxAddress a, String where) {
    String key = "privateKeyFile " + a.privateKeyFile();
    return switch (e.kind()) {
      case KNOWN_HOSTS_MISSING ->
          where + ": knownHostsFile " + a.knownHostsFile() + " does not exist";
      case KNOWN_HOSTS_UNREADABLE -> where + ": cannot read knownHostsFile " + a.knownHostsFile();
      case KEY_MISSING -> where + ": " + key + " does not exist";
      case KEY_UNREADABLE -> where + ": cannot use " + key + " (not a private key jsch can read)";
      case KEY_NOT_APPROVED -> where + ": cannot use " + key + ": " + e.causeName();
      case KEY_ENCRYPTED ->
          where + ": cannot use " + key + ": it is encrypted and no privateKeyPassphrase was given";
      case WRONG_PASSPHRASE ->
          where + ": cannot use " + key + ": the privateKeyPassphrase does not decrypt it";
      case HOST_KEY ->
          where
              + ": host key mismatch for "
              + a.host()
              + ":"
              + a.port()
              + " (its key is not the one in "
              + a.knownHostsFile()
              + ")";
      case LOGIN_REFUSED -> where + " refused the login as " + a.user() + " with " + key;
      case LOGIN_TIMED_OUT ->
          where
              + " did not complete the login within "
              + SftpSessions.CONNECT_TIMEOUT.toSeconds()
              + " s";
      case ALGORITHMS -> "cannot connect to " + where + " (no algorithm in common)";
      default -> "cannot connect to " + where + " (" + e.causeName() + ")";
    };
  }

  /**
   * A remote step: bounded by the watch, and said to be so when the watch cut it off; an SFTP
   * status is a failure to {@code op} {@code what}.
   */
  private <T> T step(String op, String what, SftpSession.Step<T> step) throws IOException {
    try {
      return session.step(step);
    } catch (SftpFailure e) {
      throw new DropBoxUnavailable(
          where
              + (e.kind() == SftpFailure.Kind.STALLED
                  ? " stopped answering (nothing for "
                      + SftpSessions.READ_TIMEOUT.toSeconds()
                      + " s)"
                  : " closed the connection"));
    } catch (SftpException e) {
      throw failure(op, what, e);
    }
  }

  @Override
  public synchronized List<Entry> list(String dir) throws IOException {
    String rel = relative(dir, true);
    return step("list", rel, () -> isFolder(rel, "list") ? entries(rel) : List.of());
  }

  @Override
  public synchronized List<Entry> listTree(String dir) throws IOException {
    String rel = relative(dir, true);
    return step(
        "list",
        rel,
        () -> {
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
        "read",
        rel,
        () -> {
          ChannelSftp channel;
          try {
            channel = session.openChannel();
          } catch (JSchException e) {
            throw new IOException(
                "cannot read " + shown(rel) + ": no SFTP channel (" + causeOf(e) + ")", e);
          }
          try {
            return new RemoteFile(channel.get(remote(rel)), channel, rel);
          } catch (SftpException e) {
            channel.disconnect();
            throw e;
          }
        });
  }

  @Override
  public synchronized void remove(String path) throws IOException {
    String rel = relative(path, false);
    step("remove", rel, () -> run(() -> sftp.rm(remote(rel))));
  }

  @Override
  public synchronized void removeDir(String path) throws IOException {
    String rel = relative(path, false);
    step("remove folder", rel, () -> run(() -> sftp.rmdir(remote(rel))));
  }

  @Override
  public synchronized void mkdir(String path) throws IOException {
    String rel = relative(path, false);
    step("make folder", rel, () -> run(() -> sftp.mkdir(remote(rel))));
  }

  @Override
  public synchronized void upload(java.nio.file.Path from, String path) throws IOException {
    String rel = relative(path, false);
    try (InputStream in = java.nio.file.Files.newInputStream(from)) {
      step("write", rel, () -> run(() -> sftp.put(in, remote(rel), ChannelSftp.OVERWRITE)));
    }
  }

  @Override
  public synchronized void rename(String from, String to) throws IOException {
    String relFrom = relative(from, false);
    String relTo = relative(to, false);
    step("rename", relFrom, () -> run(() -> sftp.rename(remote(relFrom), remote(relTo))));
  }

  @Override
  public synchronized void close() {
    session.close();
  }

  /** An SFTP call without a result. */
  private interface Call {
    void run() throws SftpException;
  }

  private static Void run(Call call) throws SftpException {
    call.run();
    return null;
  }

  // ---- listing

  /**
   * Whether {@code rel} is a folder; false when missing; refuses a file or a link below the root
   * (the root itself, chosen by the operator, may be a link).
   */
  private boolean isFolder(String rel, String op) throws IOException, SftpException {
    SftpATTRS attrs;
    try {
      attrs = rel.isEmpty() ? sftp.stat(remote(rel)) : sftp.lstat(remote(rel));
    } catch (SftpException e) {
      if (SftpFailure.isMissing(e)) {
        return false;
      }
      throw e;
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

  private void walk(String rel, List<Entry> out) throws IOException, SftpException {
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
      if (SftpFailure.isMissing(e)) {
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

  private static String absoluteBase(SftpSession session, DropBoxAddress address, String where)
      throws IOException {
    String basePath = address.basePath();
    if (basePath.startsWith("/")) {
      return basePath;
    }
    String home;
    try {
      home = session.step(() -> session.sftp().pwd());
    } catch (SftpFailure e) {
      throw new DropBoxUnavailable(where + " stopped answering during the login");
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
        "cannot "
            + op
            + " "
            + shown(what)
            + ": "
            + SftpFailure.status(e.id)
            + " (SFTP status "
            + e.id
            + ")",
        e);
  }

  private static String causeOf(JSchException e) {
    Throwable cause = e.getCause();
    return cause != null ? cause.getClass().getSimpleName() : "connection failed";
  }

  private interface Read {
    int run() throws IOException;
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
      return step("read", rel, () -> readFailing(super::read));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return step("read", rel, () -> readFailing(() -> super.read(b, off, len)));
    }

    private int readFailing(Read read) throws IOException {
      try {
        return read.run();
      } catch (IOException e) {
        throw readFailure(e);
      }
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
