package org.prex.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.UnsupportedAttributePolicy;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP drop box labs upload into, embedded in prex (docs/threat-model.md). Public-key logins
 * only; each lab is jailed in its own folder and sees {@code /inbox} (its uploads; its working
 * directory at login) and {@code /receipts} (read only); the exchange's own {@value #INGEST_USER}
 * account sees every lab's inbox (read, remove) and receipts (write). Only the sftp subsystem runs:
 * no shell, exec or forwarding.
 */
public final class DropBox implements AutoCloseable {

  /** The SFTP user name of the exchange's internal ingest account. */
  public static final String INGEST_USER = "prex-ingest";

  private static final Logger LOG = LoggerFactory.getLogger(DropBox.class);
  private static final int MAX_AUTH_REQUESTS = 6;
  // per user, and the ingest account is one user: room for each lab's two takers (loose files,
  // folders), each keeping its session, the receipt writers (one per answer thread) and a reload's
  // overlap; labs get DropBoxLimits.sessionsPerLab at login
  private static final int MIN_SESSIONS_PER_USER = 32;

  /** The per-user session cap: enough for the ingest account whatever the number of labs. */
  static int sessionsPerUser(int labs) {
    return Math.max(MIN_SESSIONS_PER_USER, 2 * labs + 16);
  }

  private static final int MAX_OPEN_HANDLES = 64;

  private final SshServer server;
  private final OpenWrites writes;
  private final String knownHostsLine;
  private final ScheduledExecutorService sweeper;
  private final SharedUploads shared;
  private final Path root;
  private final AccessPolicy policy;

  /** How often, in ms, the records of drop boxes that stopped are looked for. */
  private static final long ADOPT_EVERY = 5_000;

  private DropBox(
      SshServer server,
      OpenWrites writes,
      String knownHostsLine,
      ScheduledExecutorService sweeper,
      SharedUploads shared,
      Path root,
      AccessPolicy policy) {
    this.root = root;
    this.policy = policy;
    this.server = server;
    this.writes = writes;
    this.knownHostsLine = knownHostsLine;
    this.sweeper = sweeper;
    this.shared = shared;
  }

  private static void adoptQuietly(OpenWrites writes) {
    try {
      writes.adoptDead();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot take over the uploads of a drop box that stopped: {}", e.toString());
    }
  }

  /**
   * Creates the lab folders and the host key if missing, binds, and returns once connections are
   * accepted.
   *
   * @throws DropBoxException naming the folder, host key file or address that failed
   */
  public static DropBox start(DropBoxConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * As {@link #start(DropBoxConfig)}, as one node of a pair serving the same folder ({@code node}
   * names it; null for an exchange alone): the uploads open through the other node are never taken
   * while they are written ({@link SharedUploads}).
   */
  public static DropBox start(DropBoxConfig config, String node) throws IOException {
    Path root = createFolders(config);
    KeyPair hostKey = HostKeys.loadOrCreate(config.hostKeyFile());
    // the record of uploads open or cut off, kept across restarts, beside the lab folders where
    // no account may read it (lab ids cannot start with '.')
    SharedUploads shared = SharedUploads.join(root, node, System::nanoTime);
    try {
      return start(config, root, hostKey, shared);
    } catch (IOException | RuntimeException e) {
      shared.close();
      throw e;
    }
  }

  private static DropBox start(
      DropBoxConfig config, Path root, KeyPair hostKey, SharedUploads shared) throws IOException {
    DropBoxLimits limits = config.limits();
    KeyAuthenticator accounts =
        new KeyAuthenticator(
            config.labKeys(), config.agencyKeys(), config.ingestKey(), limits.sessionsPerLab());
    OpenWrites writes = new OpenWrites(shared);
    writes.adoptDead();
    InboxQuotas quotas = new InboxQuotas(root, limits, config.agencyKeys().keySet());
    AccessPolicy policy =
        new AccessPolicy(
            config.labKeys().keySet(), config.formerLabs(), config.agencyKeys().keySet());
    PolicyAccessor accessor =
        new PolicyAccessor(policy, accounts, writes, config.listener(), quotas);

    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(config.host());
    server.setPort(config.port());
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    Algorithms.configure(server);
    configureAuthentication(server, accounts, config.listener());
    configureSftpOnly(server, root, accounts, accessor, writes);
    configureLimits(
        server,
        limits,
        config.labKeys().size() + config.formerLabs().size() + config.agencyKeys().size());
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw new DropBoxException(
          "Cannot listen for SFTP on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage(),
          e);
    }
    // listening on every address, it is reached on loopback from this machine
    String line = knownHostsLine(reachableAt(config.host()), server.getPort(), hostKey);
    LOG.info(
        "SFTP drop box listening on {}:{} for {} lab(s), host key {}",
        config.host(),
        server.getPort(),
        config.labKeys().size(),
        KeyUtils.getFingerPrint(hostKey.getPublic()));
    LOG.info("SFTP drop box algorithms: {}", Algorithms.describe(server));
    StalePartials partials =
        new StalePartials(
            root,
            config.labKeys().keySet(),
            config.agencyKeys().keySet(),
            writes,
            quotas,
            limits.partialUploadMaxAge());
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prex-partial-uploads");
              t.setDaemon(true);
              return t;
            });
    long every = partials.interval().toMillis();
    sweeper.scheduleWithFixedDelay(partials, 0, every, TimeUnit.MILLISECONDS);
    sweeper.scheduleWithFixedDelay(
        () -> adoptQuietly(writes), ADOPT_EVERY, ADOPT_EVERY, TimeUnit.MILLISECONDS);
    return new DropBox(server, writes, line, sweeper, shared, root, policy);
  }

  /** Whether the drop box still listens for sessions (health, docs/operations.md). */
  public boolean isListening() {
    return server.isOpen() && server.isStarted();
  }

  /** The port actually listened on (a free one when the configured port was 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * The host key as a {@code known_hosts} line for clients that check it strictly, e.g. {@code
   * [127.0.0.1]:2222 ssh-ed25519 AAAA…} (the host as configured; no brackets on port 22).
   */
  public String knownHostsLine() {
    return knownHostsLine;
  }

  /**
   * Whether {@code path} (relative to the drop box root, '/'-separated, e.g. {@code
   * acme-ai/inbox/model.bin}), or anything below it when it is a folder, is open for writing by any
   * session or is being renamed. The ingest side skips such paths; the drop box also refuses the
   * ingest account reading or removing them.
   */
  public boolean isBeingWritten(String path) {
    return VirtualPath.parse(path).map(p -> writes.isBeingWritten(p.relative())).orElse(false);
  }

  /**
   * Whether an upload into {@code path} (relative to the root) was closed, or renamed into place,
   * less than a second ago by the drop box's own monotonic clock: whole, but a client resuming it
   * may reopen it yet. A path that cannot be read as one counts as settling.
   */
  public boolean isSettling(String path) {
    return VirtualPath.parse(path).map(p -> writes.isSettling(p.relative())).orElse(true);
  }

  /**
   * Opens a file of the drop box for the exchange's own intake to read in place, without an SFTP
   * session on the loopback (docs/tuning.md, "Fourth round"): with the same refusals the ingest
   * account's SFTP read gets. {@code path} is relative to the root, '/'-separated.
   *
   * @throws IOException when the path climbs out of the root, passes through a symbolic link, is
   *     not a regular file, or is being written (the message names the path, which is the lab's)
   */
  public InputStream openForIngest(String path) throws IOException {
    VirtualPath p =
        VirtualPath.parse(path)
            .filter(v -> !v.names().isEmpty())
            .orElseThrow(() -> new IOException("not a path in the drop box: " + path));
    if (!policy.permits(Account.ingest(), Operation.READ, p)) {
      throw new AccessDeniedException(path, null, "the ingest account may not read it");
    }
    if (writes.isBeingWritten(p.relative())) {
      throw new AccessDeniedException(path, null, "still being written");
    }
    return openBeneath(root, p.names(), path);
  }

  /**
   * Opens {@code names} beneath {@code dir} one folder at a time, each opened without following a
   * symbolic link (openat), so that no folder swapped for a link meanwhile leads out of the drop
   * box; the file's kind is read before it is opened (opening a named pipe would wait for a
   * writer).
   */
  private static BasicFileAttributes kindOf(
      SecureDirectoryStream<Path> folder, Path name, String path) throws IOException {
    return folder
        .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes();
  }

  /** What is done with a regular file reached beneath the root: it is read, or looked at. */
  private interface AtFile<T> {
    T at(SecureDirectoryStream<Path> folder, Path file, BasicFileAttributes attributes)
        throws IOException;
  }

  private static <T> T beneath(Path dir, List<String> names, String path, AtFile<T> what)
      throws IOException {
    List<DirectoryStream<Path>> opened = new java.util.ArrayList<>();
    try {
      DirectoryStream<Path> top = Files.newDirectoryStream(dir);
      opened.add(top);
      if (!(top instanceof SecureDirectoryStream<Path> folder)) {
        throw new IOException("this file system cannot open a drop box file safely: " + path);
      }
      for (String name : names.subList(0, names.size() - 1)) {
        if (kindOf(folder, Path.of(name), path).isSymbolicLink()) {
          throw new AccessDeniedException(path, null, "goes through a symbolic link");
        }
        // a link put there since fails here: opened with O_NOFOLLOW
        folder = folder.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        opened.add(folder);
      }
      Path file = Path.of(names.get(names.size() - 1));
      BasicFileAttributes kind = kindOf(folder, file, path);
      if (kind.isSymbolicLink()) {
        throw new AccessDeniedException(path, null, "a symbolic link");
      }
      if (!kind.isRegularFile()) {
        throw new IOException("not a regular file in the drop box: " + path);
      }
      return what.at(folder, file, kind);
    } catch (NotDirectoryException e) {
      throw new IOException("not a path of folders in the drop box: " + path, e);
    } finally {
      for (DirectoryStream<Path> d : opened) {
        try {
          d.close();
        } catch (IOException e) {
          LOG.debug("closing a drop box folder: {}", e.getClass().getName());
        }
      }
    }
  }

  private static InputStream openBeneath(Path dir, List<String> names, String path)
      throws IOException {
    return beneath(
        dir,
        names,
        path,
        (folder, file, attributes) ->
            Channels.newInputStream(
                folder.newByteChannel(
                    file, java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))));
  }

  /**
   * Which file {@code path} names now, for the intake to tell, after it copied an upload, that the
   * name still holds the file it read before the drop box copy is removed: the file's identity
   * (inode), size and modification time, read without following a link.
   */
  public Object identityForIngest(String path) throws IOException {
    VirtualPath p =
        VirtualPath.parse(path)
            .filter(v -> !v.names().isEmpty())
            .orElseThrow(() -> new IOException("not a path in the drop box: " + path));
    return beneath(
        root,
        p.names(),
        path,
        (folder, file, a) -> List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime()));
  }

  /** Stops accepting connections and closes every session (open uploads are abandoned). */
  @Override
  public void close() {
    sweeper.shutdownNow();
    try {
      server.stop(true);
    } catch (IOException e) {
      LOG.warn("SFTP drop box did not stop cleanly: {}", e.getMessage());
    }
    shared.close();
  }

  private static void stopQuietly(SshServer server) {
    try {
      server.stop(true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Stopping a drop box that failed to start: {}", e.toString());
    }
  }

  private static Path createFolders(DropBoxConfig config) throws DropBoxException {
    Path root;
    try {
      root = OwnerOnly.createFolders(config.root()).toRealPath();
    } catch (IOException e) {
      throw new DropBoxException(
          "Cannot create drop box root " + config.root() + ": " + e.getMessage(), e);
    }
    java.util.Map<String, List<String>> areas = new java.util.TreeMap<>();
    config
        .labKeys()
        .keySet()
        .forEach(
            lab ->
                areas.put(
                    lab,
                    List.of(AccessPolicy.INBOX, AccessPolicy.RECEIPTS, AccessPolicy.FINDINGS)));
    config.formerLabs().forEach(lab -> areas.put(lab, List.of(AccessPolicy.RECEIPTS)));
    config
        .agencyKeys()
        .keySet()
        .forEach(agency -> areas.put(agency, List.of(AccessPolicy.RETURNS, AccessPolicy.NOTICES)));
    for (String lab : areas.keySet()) {
      for (String area : areas.get(lab)) {
        Path dir = root.resolve(lab).resolve(area);
        try {
          OwnerOnly.createFolders(dir);
        } catch (IOException e) {
          throw new DropBoxException(
              "Cannot create drop box folder " + dir + ": " + e.getMessage(), e);
        }
      }
    }
    return root;
  }

  private static void configureAuthentication(
      SshServer server, KeyAuthenticator accounts, DropBoxListener listener) {
    server.setPublickeyAuthenticator(accounts);
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    server.setServiceFactories(
        List.of(LoginAudit.userAuthService(), ServerConnectionServiceFactory.INSTANCE));
    server.addSessionListener(new LoginAudit(listener));
  }

  private static void configureSftpOnly(
      SshServer server,
      Path root,
      KeyAuthenticator accounts,
      PolicyAccessor accessor,
      OpenWrites writes) {
    server.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
    server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    server.setAgentFactory(null);
    server.setShellFactory(null);
    server.setCommandFactory(null);
    server.setFileSystemFactory(new JailFileSystemFactory(root, accounts));
    SftpSubsystemFactory.Builder sftp =
        new SftpSubsystemFactory.Builder()
            .withFileSystemAccessor(accessor)
            // the default (Warn) answers a denied stat with empty attributes instead of an error
            .withUnsupportedAttributePolicy(UnsupportedAttributePolicy.ThrowException)
            .withSftpErrorStatusDataHandler(new RefusalMessages());
    sftp.addSftpEventListener(
        new SftpEventListener() {
          @Override
          public void exiting(ServerSession session, Handle handle) {
            writes.abandoned(handle); // still open when the session ends: cut off
          }
        });
    server.setSubsystemFactories(List.of(sftp.build()));
  }

  private static void configureLimits(SshServer server, DropBoxLimits limits, int labs) {
    CoreModuleProperties.IDLE_TIMEOUT.set(server, limits.idleTimeout());
    CoreModuleProperties.AUTH_TIMEOUT.set(server, limits.authTimeout());
    server.addSessionListener(new ConnectionLimits(limits.unauthenticated()));
    CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, MAX_AUTH_REQUESTS);
    CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(server, sessionsPerUser(labs));
    CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "prex");
    // SFTP is request and reply: with Nagle's algorithm on (MINA's default), a reply waits for the
    // client's delayed ACK, about 40 ms per request on loopback (docs/tuning.md)
    CoreModuleProperties.TCP_NODELAY.set(server, true);
    SftpModuleProperties.MAX_OPEN_HANDLES_PER_SESSION.set(server, MAX_OPEN_HANDLES);
    SftpModuleProperties.AUTO_FOLLOW_LINKS.set(server, false);
  }

  /**
   * Where this machine reaches a drop box listening on {@code host}: loopback for the wildcard
   * addresses ({@code 0.0.0.0}, {@code ::}), which are no place to connect to.
   */
  public static String reachableAt(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
  }

  private static String knownHostsLine(String host, int port, KeyPair hostKey) {
    String name = port == 22 ? host : "[" + host + "]:" + port;
    return name + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }
}
