package org.prex.sftp;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.Principal;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every file system operation of the SFTP subsystem passes here and is checked against the {@link
 * AccessPolicy} before it touches the disk; what the policy does not name is denied. Also refuses
 * any path through a symbolic link (none can be made over SFTP; one planted on the host must not
 * lead out), keeps {@link OpenWrites} up to date, and stops the ingest account from reading or
 * removing a file that is still being written.
 */
final class PolicyAccessor implements SftpFileSystemAccessor {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyAccessor.class);
  private static final Set<StandardOpenOption> WRITING =
      EnumSet.of(
          StandardOpenOption.WRITE,
          StandardOpenOption.APPEND,
          StandardOpenOption.CREATE,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.DELETE_ON_CLOSE);
  private static final Set<String> SETTABLE_TIMES =
      Set.of(
          IoUtils.LASTMOD_TIME_VIEW_ATTR,
          IoUtils.LASTACC_TIME_VIEW_ATTR,
          IoUtils.CREATE_TIME_VIEW_ATTR);

  /**
   * The longest name a lab may give a file or folder, in UTF-8 bytes: file systems take 255, and
   * prex adds suffixes of its own to names while it takes an upload (e.g. {@code .inprogress}).
   */
  static final int MAX_NAME_BYTES = 200;

  /** The longest path below a lab's folder, in UTF-8 bytes. */
  static final int MAX_PATH_BYTES = 1024;

  private final AccessPolicy policy;
  private final KeyAuthenticator accounts;
  private final OpenWrites writes;
  private final DropBoxListener listener;
  private final InboxQuotas quotas;

  PolicyAccessor(
      AccessPolicy policy,
      KeyAuthenticator accounts,
      OpenWrites writes,
      DropBoxListener listener,
      InboxQuotas quotas) {
    this.policy = policy;
    this.accounts = accounts;
    this.writes = writes;
    this.listener = listener;
    this.quotas = quotas;
  }

  /** A path the policy allowed, with the account that asked. */
  private record Checked(Account account, VirtualPath path) {
    String key() {
      return account.rootRelative(path);
    }
  }

  // ---- resolution: a lab's relative paths start in /inbox, an agency's in /returns; nothing
  // climbs above the root

  @Override
  public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath)
      throws IOException {
    Account account = account(subsystem);
    Path base =
        account.isIngest()
            ? rootDir
            : rootDir
                .getFileSystem()
                .getPath("/", account.isAgency() ? AccessPolicy.RETURNS : AccessPolicy.INBOX);
    Path local = SftpFileSystemAccessor.super.resolveLocalFilePath(subsystem, base, remotePath);
    if (VirtualPath.of(local.toAbsolutePath()).isEmpty()) {
      throw denied(
          account,
          remotePath,
          LogSafe.rawPath(remotePath),
          Operation.RESOLVE,
          "climbs above the root");
    }
    return local;
  }

  @Override
  public LinkOption[] resolveFileAccessLinkOptions(
      SftpSubsystemProxy subsystem, Path file, int cmd, String extension, boolean followLinks) {
    return IoUtils.getLinkOptions(false);
  }

  // ---- files

  @Override
  public SeekableByteChannel openFile(
      SftpSubsystemProxy subsystem,
      FileHandle fileHandle,
      Path file,
      String handle,
      Set<? extends OpenOption> options,
      FileAttribute<?>... attrs)
      throws IOException {
    boolean write = options.stream().anyMatch(WRITING::contains);
    Checked checked = check(subsystem, write ? Operation.WRITE : Operation.READ, file);
    if (write && options.contains(StandardOpenOption.READ)) {
      // a write that also reads needs both rights: an agency may write its returns, never read
      // them back (docs/review-cycle.md)
      check(subsystem, Operation.READ, file);
    }
    if (!write) {
      refuseIfIngestTakesBusyFile(checked, Operation.READ);
    }
    Set<OpenOption> opts = new HashSet<>(options);
    opts.remove(LinkOption.NOFOLLOW_LINKS); // check() already refused every symbolic link
    // Modes come from the drop box, not from the client: attrs are not applied.
    if (!write || fileHandle == null) {
      return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, opts);
    }
    boolean creates = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    if (creates) {
      refuseBadName(subsystem, checked.account(), checked.path(), Operation.WRITE);
    } else if (checked.account().isAgency()) {
      // what an agency returned is evidence: it is written once, never changed, so that what
      // prex read is what it removes (docs/review-cycle.md)
      throw denied(checked.account(), checked.path(), Operation.WRITE, "returns are written once");
    }
    if (!checked.account().isIngest()) {
      try {
        quotas.admit(checked.account().user(), creates);
      } catch (Refusal r) {
        throw refused(subsystem, checked, Operation.WRITE, r);
      }
    }
    writes.opened(fileHandle, checked.key());
    try {
      // owner-only whatever the umask: made 0600, and made 0600 again if it existed before
      SeekableByteChannel channel =
          SftpFileSystemAccessor.super.openFile(
              subsystem, fileHandle, file, handle, opts, OwnerOnly.fileAttributes(file));
      OwnerOnly.restrict(file);
      if (checked.account().isIngest() || !(channel instanceof FileChannel fc)) {
        return channel;
      }
      return quotas.wrap(
          checked.account().user(), fc, r -> refused(subsystem, checked, Operation.WRITE, r));
    } catch (IOException | RuntimeException e) {
      writes.forget(fileHandle);
      throw e;
    }
  }

  @Override
  public void closeFile(
      SftpSubsystemProxy subsystem,
      FileHandle fileHandle,
      Path file,
      String handle,
      Channel channel,
      Set<? extends OpenOption> options)
      throws IOException {
    long size = sizeOf(channel);
    boolean refused = InboxQuotas.refusedWrites(channel);
    boolean closed = false;
    try {
      SftpFileSystemAccessor.super.closeFile(subsystem, fileHandle, file, handle, channel, options);
      closed = true;
    } finally {
      OpenWrites.Closed upload =
          fileHandle == null ? null : writes.closed(fileHandle, closed && !refused);
      if (upload != null && refused) {
        removeRefusedUpload(subsystem, file, upload);
      } else if (upload != null) {
        uploadEnded(subsystem, upload, size);
      }
    }
  }

  private void uploadEnded(SftpSubsystemProxy subsystem, OpenWrites.Closed upload, long size) {
    String user = subsystem.getServerSession().getUsername();
    try {
      if (upload.complete()) {
        LOG.debug("SFTP upload closed by {}: {} bytes", LogSafe.user(user), size);
        listener.uploadClosed(user, upload.path(), size);
      } else {
        LOG.warn(
            "SFTP upload by {} cut off after {} bytes; kept as being written until redone",
            LogSafe.user(user),
            size);
        listener.uploadAbandoned(user, upload.path(), size);
      }
    } catch (RuntimeException e) {
      LOG.warn("Drop box listener failed on an upload event: {}", e.toString());
    }
  }

  /**
   * An upload a quota cut short can never be complete: it goes at once, so that it neither waits
   * for the partial-upload sweep nor counts against the lab's quota.
   */
  private void removeRefusedUpload(
      SftpSubsystemProxy subsystem, Path file, OpenWrites.Closed upload) {
    String user = subsystem.getServerSession().getUsername();
    try {
      Files.deleteIfExists(file);
      writes.removed(upload.path());
      quotas.changed(labOf(upload.path()));
      LOG.warn(
          "SFTP upload by {} refused over a quota; its partial file was removed",
          LogSafe.user(user));
    } catch (IOException e) {
      LOG.warn(
          "SFTP upload by {} refused over a quota; its partial file could not be removed: {}",
          LogSafe.user(user),
          e.getClass().getName());
    }
  }

  private static String labOf(String rootRelative) {
    int slash = rootRelative.indexOf('/');
    return slash < 0 ? rootRelative : rootRelative.substring(0, slash);
  }

  private static long sizeOf(Channel channel) {
    if (channel instanceof SeekableByteChannel seekable && seekable.isOpen()) {
      try {
        return seekable.size();
      } catch (IOException e) {
        return -1;
      }
    }
    return -1;
  }

  @Override
  public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory)
      throws IOException {
    Operation op = isDirectory ? Operation.RMDIR : Operation.REMOVE;
    Checked checked = check(subsystem, op, path);
    if (checked.account().isIngest()) {
      // the check and the removal in one step: a lab's upload opened under this name meanwhile
      // is never removed with the file that was taken
      // (its record of the removed file is dropped in the same step, so that a new upload's
      // record, cut off or just closed, is never dropped with it)
      if (!writes.unlessBeingWritten(
          checked.key(),
          () -> {
            SftpFileSystemAccessor.super.removeFile(subsystem, path, isDirectory);
            writes.removed(checked.key());
          })) {
        throw busy(checked, op);
      }
    } else {
      SftpFileSystemAccessor.super.removeFile(subsystem, path, isDirectory);
      writes.removed(checked.key());
    }
    quotas.changed(labOf(checked.key()));
  }

  @Override
  public void renameFile(
      SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
      throws IOException {
    Account account = account(subsystem);
    VirtualPath from = resolved(account, oldPath, Operation.RENAME);
    VirtualPath to = resolved(account, newPath, Operation.RENAME);
    if (!policy.permitsRename(account, from, to)) {
      throw denied(
          account, from, Operation.RENAME, "not permitted to " + LogSafe.path(account, to));
    }
    refuseSymbolicLinks(account, from, oldPath, Operation.RENAME);
    refuseSymbolicLinks(account, to, newPath, Operation.RENAME);
    if (account.isAgency() && Files.exists(newPath, LinkOption.NOFOLLOW_LINKS)) {
      // nor replaced by a rename onto it
      throw denied(account, to, Operation.RENAME, "returns are written once");
    }
    refuseBadName(subsystem, account, to, Operation.RENAME);
    String fromKey = account.rootRelative(from);
    String toKey = account.rootRelative(to);
    writes.renameStarted(fromKey, toKey);
    boolean moved = false;
    try {
      SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
      moved = true;
    } finally {
      writes.renameEnded(fromKey, toKey, moved);
      quotas.changed(labOf(toKey)); // a rename over an existing file frees its bytes
    }
  }

  @Override
  public void copyFile(
      SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
      throws IOException {
    check(subsystem, Operation.COPY, src);
    throw new IllegalStateException("the policy permits no server-side copy");
  }

  @Override
  public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
      throws IOException {
    check(subsystem, Operation.LINK, link);
    throw new IllegalStateException("the policy permits no link");
  }

  @Override
  public String resolveLinkTarget(SftpSubsystemProxy subsystem, Path link) throws IOException {
    check(subsystem, Operation.READLINK, link);
    throw new IllegalStateException("the policy permits no readlink");
  }

  // ---- directories

  @Override
  public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
    Checked checked = check(subsystem, Operation.MKDIR, path);
    refuseBadName(subsystem, checked.account(), checked.path(), Operation.MKDIR);
    OwnerOnly.createFolder(path);
  }

  @Override
  public DirectoryStream<Path> openDirectory(
      SftpSubsystemProxy subsystem,
      DirectoryHandle dirHandle,
      Path dir,
      String handle,
      LinkOption... linkOptions)
      throws IOException {
    Checked checked = check(subsystem, Operation.LIST, dir);
    return Files.newDirectoryStream(
        dir,
        entry ->
            policy.permits(
                    checked.account(),
                    Operation.STAT,
                    checked.path().child(entry.getFileName().toString()))
                && !Files.isSymbolicLink(entry));
  }

  // ---- attributes

  @Override
  public Map<String, ?> readFileAttributes(
      SftpSubsystemProxy subsystem, Path file, String view, LinkOption... options)
      throws IOException {
    check(subsystem, Operation.STAT, file);
    return SftpFileSystemAccessor.super.readFileAttributes(subsystem, file, view, options);
  }

  @Override
  public NavigableMap<String, Object> resolveReportedFileAttributes(
      SftpSubsystemProxy subsystem,
      Path file,
      int flags,
      NavigableMap<String, Object> attrs,
      LinkOption... options) {
    return attrs;
  }

  @Override
  public void setFileAttribute(
      SftpSubsystemProxy subsystem,
      Path file,
      String view,
      String attribute,
      Object value,
      LinkOption... options)
      throws IOException {
    Checked checked = check(subsystem, Operation.SETATTR, file);
    if (!checked.account().isIngest() && writes.isWrittenElsewhere(checked.key())) {
      // an upload cut off stays incomplete until it is written again: new times on it would
      // pass for a new version
      throw denied(
          checked.account(),
          checked.path(),
          Operation.SETATTR,
          "an upload cut off, or being written through the other node: upload it again");
    }
    if (!SETTABLE_TIMES.contains(attribute)) {
      throw denied(
          checked.account(),
          checked.path(),
          Operation.SETATTR,
          "attribute " + view + ":" + attribute + " is fixed");
    }
    SftpFileSystemAccessor.super.setFileAttribute(subsystem, file, view, attribute, value, options);
  }

  /**
   * Accepted and ignored: file modes are the drop box's, so that clients that preserve them work.
   */
  @Override
  public void setFilePermissions(
      SftpSubsystemProxy subsystem,
      Path file,
      Set<PosixFilePermission> perms,
      LinkOption... options)
      throws IOException {
    check(subsystem, Operation.SETATTR, file);
    LOG.debug("Ignored a permission change by {}", subsystem.getServerSession().getUsername());
  }

  @Override
  public void applyExtensionFileAttributes(
      SftpSubsystemProxy subsystem,
      Path file,
      Map<String, byte[]> extensions,
      LinkOption... options)
      throws IOException {
    if (extensions != null && !extensions.isEmpty()) {
      check(subsystem, Operation.SETATTR, file);
    }
  }

  @Override
  public UserPrincipal resolveFileOwner(SftpSubsystemProxy subsystem, Path file, UserPrincipal name)
      throws IOException {
    throw fixedOwnership(subsystem, file);
  }

  @Override
  public GroupPrincipal resolveGroupOwner(
      SftpSubsystemProxy subsystem, Path file, GroupPrincipal name) throws IOException {
    throw fixedOwnership(subsystem, file);
  }

  @Override
  public void setFileOwner(
      SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
      throws IOException {
    throw fixedOwnership(subsystem, file);
  }

  @Override
  public void setGroupOwner(
      SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
      throws IOException {
    throw fixedOwnership(subsystem, file);
  }

  @Override
  public void setFileAccessControl(
      SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl, LinkOption... options)
      throws IOException {
    throw fixedOwnership(subsystem, file);
  }

  private AccessDeniedException fixedOwnership(SftpSubsystemProxy subsystem, Path file)
      throws IOException {
    Checked checked = check(subsystem, Operation.SETATTR, file);
    return denied(
        checked.account(), checked.path(), Operation.SETATTR, "owner, group and ACLs are fixed");
  }

  // ---- the checks

  private Account account(SftpSubsystemProxy subsystem) throws AccessDeniedException {
    Account account = accounts.accountOf(subsystem.getServerSession());
    if (account == null) {
      throw new AccessDeniedException("/", null, "no drop box account for this session");
    }
    return account;
  }

  private Checked check(SftpSubsystemProxy subsystem, Operation op, Path file) throws IOException {
    Account account = account(subsystem);
    VirtualPath path = resolved(account, file, op);
    if (!policy.permits(account, op, path)) {
      throw denied(account, path, op, "not permitted");
    }
    refuseSymbolicLinks(account, path, file, op);
    return new Checked(account, path);
  }

  private VirtualPath resolved(Account account, Path file, Operation op)
      throws AccessDeniedException {
    return VirtualPath.of(file.toAbsolutePath())
        .orElseThrow(
            () ->
                denied(
                    account,
                    file.toString(),
                    LogSafe.rawPath(file.toString()),
                    op,
                    "climbs above the root"));
  }

  /** Refuses a path any of whose existing names is a symbolic link. */
  private void refuseSymbolicLinks(Account account, VirtualPath path, Path file, Operation op)
      throws AccessDeniedException {
    Path prefix = file.getFileSystem().getPath("/");
    for (String name : path.names()) {
      prefix = prefix.resolve(name);
      if (Files.isSymbolicLink(prefix)) {
        throw denied(account, path, op, "goes through a symbolic link");
      }
    }
  }

  /**
   * Refuses a name a lab's file or folder cannot have: one that is not valid UTF-8 (the SFTP layer
   * decodes names as UTF-8, turning invalid bytes into U+FFFD), one longer than {@link
   * #MAX_NAME_BYTES}, or a path longer than {@link #MAX_PATH_BYTES}.
   */
  private void refuseBadName(
      SftpSubsystemProxy subsystem, Account account, VirtualPath path, Operation op)
      throws Refusal {
    if (account.isIngest()) {
      return;
    }
    String problem = null;
    for (String name : path.names()) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (name.indexOf('\uFFFD') >= 0) {
        problem = "a name is not valid UTF-8";
      } else if (name.chars().anyMatch(Character::isISOControl)) {
        // a line break would split the drop boxes' records of uploads in progress, and no lab
        // needs one in a file name
        problem =
            "a name holds a control character (a line break, a tab), which prex does not take";
      } else if (name.indexOf('\\') >= 0) {
        // the SFTP ingest reads a backslash as an escape and never takes such a file: refused
        // here, it cannot wait in the inbox unseen
        problem = "a name holds a backslash (\\), which prex does not take";
      } else if (bytes > MAX_NAME_BYTES) {
        problem = "a name is " + bytes + " bytes long, at most " + MAX_NAME_BYTES + " are allowed";
      }
      if (problem != null) {
        break;
      }
    }
    int total = path.relative().getBytes(StandardCharsets.UTF_8).length;
    if (problem == null && total > MAX_PATH_BYTES) {
      problem = "the path is " + total + " bytes long, at most " + MAX_PATH_BYTES + " are allowed";
    }
    if (problem != null) {
      throw refused(subsystem, new Checked(account, path), op, Refusal.invalidName(problem));
    }
  }

  /**
   * Logs a refusal, reports it like a denial and tells the client, then returns it to be thrown.
   */
  private Refusal refused(
      SftpSubsystemProxy subsystem, Checked checked, Operation op, Refusal refusal) {
    tellClient(subsystem, refusal.getMessage());
    LOG.warn(
        "SFTP {} refused to {} on {}: {}",
        op.label(),
        LogSafe.user(checked.account().user()),
        LogSafe.path(checked.account(), checked.path()),
        refusal.getMessage());
    try {
      listener.accessDenied(checked.account().user(), checked.path().absolute(), op.label());
    } catch (RuntimeException e) {
      LOG.warn("Drop box listener failed on a refusal: {}", e.toString());
    }
    return refusal;
  }

  /**
   * Writes {@code message} to the session's stderr as well: OpenSSH's {@code sftp} shows only a
   * status code's text ("Unknown status" for a quota), but prints what the server writes there.
   */
  private static void tellClient(SftpSubsystemProxy subsystem, String message) {
    try {
      ChannelSession channel = subsystem.getServerChannelSession();
      @SuppressWarnings("resource") // closing would end the channel's stderr; nothing to free
      ChannelOutputStream err =
          new ChannelOutputStream(
              channel,
              channel.getRemoteWindow(),
              LOG,
              SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA,
              false);
      err.write(("prex: " + message + "\n").getBytes(StandardCharsets.UTF_8));
      err.flush();
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not tell the client about a refusal: {}", e.toString());
    }
  }

  /** The ingest account must never take, nor remove, a file that is still being written. */
  private void refuseIfIngestTakesBusyFile(Checked checked, Operation op)
      throws AccessDeniedException {
    if (checked.account().isIngest() && writes.isBeingWritten(checked.key())) {
      throw busy(checked, op);
    }
  }

  private static AccessDeniedException busy(Checked checked, Operation op) {
    LOG.debug(
        "SFTP {} by the ingest account refused: {} is being written",
        op.label(),
        LogSafe.path(checked.account(), checked.path()));
    return new AccessDeniedException(checked.path().absolute(), null, "still being written");
  }

  private AccessDeniedException denied(
      Account account, VirtualPath path, Operation op, String reason) {
    return denied(account, path.absolute(), LogSafe.path(account, path), op, reason);
  }

  /**
   * Logs and reports a denial, and makes the exception the client sees as "permission denied". Stat
   * requests are only logged at debug level: clients stat paths routinely (e.g. before an upload)
   * and the operation that follows is reported itself.
   */
  private AccessDeniedException denied(
      Account account, String shownPath, String loggedPath, Operation op, String reason) {
    if (op == Operation.STAT) {
      LOG.debug(
          "SFTP stat denied to {} on {}: {}", LogSafe.user(account.user()), loggedPath, reason);
    } else {
      LOG.warn(
          "SFTP {} denied to {} on {}: {}",
          op.label(),
          LogSafe.user(account.user()),
          loggedPath,
          reason);
      try {
        listener.accessDenied(account.user(), shownPath, op.label());
      } catch (RuntimeException e) {
        LOG.warn("Drop box listener failed on a denied access: {}", e.toString());
      }
    }
    return new AccessDeniedException(shownPath, null, "permission denied");
  }
}
