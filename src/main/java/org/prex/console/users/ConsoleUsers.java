package org.prex.console.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's accounts: the file {@code KEYS/console-users} (docs/console-accounts.md), one
 * account a line, {@code NAME ROLE PASSWORD CERT-SHA256} separated by single spaces, {@code -} for
 * a login kind the account does not have; {@code #} comments and blank lines are kept as they are.
 * The file is owner-only (0600): it holds password hashes.
 */
public final class ConsoleUsers {
  static final String FILE_NAME = "console-users";

  /** "No password" or "no certificate" in a field. */
  static final String NONE = "-";

  static final String HEADER =
      """
      # prex console accounts (docs/console-accounts.md). Manage them with
      # 'prex console add-user | remove-user | list-users'; keep this file owner-only (0600).
      #
      # One account a line, four fields separated by single spaces:
      #   NAME ROLE PASSWORD CERT-SHA256
      # NAME         a lower-case letter, then up to 62 of a-z 0-9 . _ -
      # ROLE         records-officer or security-officer
      # PASSWORD     the password's hash, a PHC string: $argon2id$v=19$m=..,t=..,p=..$SALT$HASH
      #              (the default build) or $pbkdf2-sha512$i=..,l=..$SALT$HASH (the FIPS build),
      #              or - when the account logs in by client certificate only
      # CERT-SHA256  the SHA-256 of the account's client certificate (its DER encoding), 64
      #              lower-case hex digits, or - when the account logs in by password only
      # Lines starting with # and blank lines are ignored.
      """;

  /** A field value safe to repeat in an error message: it cannot be (part of) a hash. */
  private static final Pattern ECHOABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final List<ConsoleUser> users;
  private final Map<String, ConsoleUser> byName;
  private final Map<String, ConsoleUser> byCertificate;

  private ConsoleUsers(List<ConsoleUser> users) {
    this.users = Collections.unmodifiableList(users);
    Map<String, ConsoleUser> names = new LinkedHashMap<>();
    Map<String, ConsoleUser> certs = new LinkedHashMap<>();
    for (ConsoleUser u : users) {
      names.put(u.name(), u);
      if (u.certSha256() != null) {
        certs.put(u.certSha256(), u);
      }
    }
    this.byName = names;
    this.byCertificate = certs;
  }

  /** The accounts file of the keys folder {@code keysDir}. */
  public static Path file(Path keysDir) {
    return keysDir.resolve(FILE_NAME);
  }

  /**
   * The accounts of {@code keysDir}; none when the file does not exist.
   *
   * @throws IllegalArgumentException naming the file, the line and the problem (never a hash) when
   *     a line is malformed, or two lines name one user or one certificate
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static ConsoleUsers read(Path keysDir) {
    return new ConsoleUsers(parse(file(keysDir), lines(file(keysDir))).users);
  }

  public Optional<ConsoleUser> byName(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /** The account whose client certificate has this SHA-256 (hex, either case). */
  public Optional<ConsoleUser> byCertificate(String certSha256) {
    return Optional.ofNullable(
        certSha256 == null ? null : byCertificate.get(certSha256.toLowerCase(Locale.ROOT)));
  }

  /** Every account, in the file's order. */
  public List<ConsoleUser> all() {
    return users;
  }

  /**
   * Adds {@code user} to the accounts of {@code keysDir}, creating the file when there is none. The
   * file is replaced atomically and is 0600 whatever the umask.
   *
   * @throws IllegalArgumentException when the name exists ({@code console user NAME exists; remove
   *     it first}), another account has the same certificate, or the file is malformed
   * @throws UncheckedIOException when the file cannot be read or written
   */
  public static void add(Path keysDir, ConsoleUser user) {
    if (!Files.isDirectory(keysDir)) {
      throw new IllegalArgumentException("keys folder " + keysDir + " does not exist");
    }
    locked(
        keysDir,
        () -> {
          addUnlocked(keysDir, user);
          return null;
        });
  }

  private static void addUnlocked(Path keysDir, ConsoleUser user) {
    Path file = file(keysDir);
    List<String> lines = lines(file);
    Parsed existing = parse(file, lines);
    if (existing.lineOf.containsKey(user.name())) {
      throw new IllegalArgumentException(
          "console user " + user.name() + " exists; remove it first");
    }
    if (user.certSha256() != null) {
      for (ConsoleUser u : existing.users) {
        if (user.certSha256().equals(u.certSha256())) {
          throw new IllegalArgumentException(
              "the certificate "
                  + user.certSha256()
                  + " is already console user "
                  + u.name()
                  + "'s: one certificate logs in as one account");
        }
      }
    }
    List<String> out = new ArrayList<>();
    if (lines.isEmpty()) {
      out.addAll(HEADER.lines().toList());
    } else {
      out.addAll(lines);
    }
    out.add(line(user));
    write(file, out);
  }

  /**
   * Removes the account {@code name} from {@code keysDir}; other lines and comments stay as they
   * are.
   *
   * @return false when there is no such account (the file is then left alone)
   * @throws IllegalArgumentException when the file is malformed
   * @throws UncheckedIOException when the file cannot be read or written
   */
  public static boolean remove(Path keysDir, String name) {
    return locked(keysDir, () -> removeUnlocked(keysDir, name));
  }

  /** One change to the file at a time, across threads and processes: read, change, rename. */
  private static final java.util.concurrent.locks.ReentrantLock IN_THIS_JVM =
      new java.util.concurrent.locks.ReentrantLock();

  private static <T> T locked(Path keysDir, java.util.function.Supplier<T> change) {
    IN_THIS_JVM.lock();
    try (java.nio.channels.FileChannel lock =
            java.nio.channels.FileChannel.open(
                keysDir.resolve(".console-users.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held = lock.lock()) {
      return change.get();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot lock "
              + keysDir.resolve(".console-users.lock")
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    } finally {
      IN_THIS_JVM.unlock();
    }
  }

  private static boolean removeUnlocked(Path keysDir, String name) {
    Path file = file(keysDir);
    List<String> lines = lines(file);
    Parsed existing = parse(file, lines);
    Integer at = existing.lineOf.get(name);
    if (at == null) {
      return false;
    }
    List<String> out = new ArrayList<>(lines);
    out.remove((int) at);
    write(file, out);
    return true;
  }

  /** The line the file holds for {@code user}. */
  static String line(ConsoleUser user) {
    return user.name()
        + " "
        + user.role().id()
        + " "
        + (user.passwordHash() == null ? NONE : user.passwordHash())
        + " "
        + (user.certSha256() == null ? NONE : user.certSha256());
  }

  // --- reading ---

  /** The accounts of a file, and the index in its lines of each account's line. */
  private record Parsed(List<ConsoleUser> users, Map<String, Integer> lineOf) {}

  /** The file's lines; none when it does not exist. */
  private static List<String> lines(Path file) {
    try {
      guarded(file);
      return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Refuses an accounts file that someone else could have written, as ssh refuses such an
   * authorized_keys: group- or world-writable, or owned by another user than the one running prex.
   * Whoever can write it can make themselves a security officer.
   */
  private static void guarded(Path file) throws IOException {
    if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(file)) {
      throw new IllegalArgumentException(file + " is a symbolic link; make it a regular file");
    }
    var perms = Files.getPosixFilePermissions(file);
    if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
        || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
      throw new IllegalArgumentException(
          file + " may be written by group or others; chmod 600 it (no account is read from it)");
    }
    // the process's own uid is that of /proc/self (Linux); elsewhere the owner is not checked
    Path self = Path.of("/proc/self");
    if (Files.exists(self)) {
      Object owner = Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Object me = Files.getAttribute(self, "unix:uid");
      if (!owner.equals(me)) {
        throw new IllegalArgumentException(
            file + " belongs to uid " + owner + ", not to uid " + me + " who runs prex; chown it");
      }
    }
  }

  private static Parsed parse(Path file, List<String> lines) {
    List<ConsoleUser> users = new ArrayList<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    Map<String, String> certs = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      ConsoleUser u = parseLine(file, i + 1, line);
      if (lineOf.containsKey(u.name())) {
        throw malformed(
            file,
            i + 1,
            "console user "
                + u.name()
                + " is already on line "
                + (lineOf.get(u.name()) + 1)
                + "; a name may appear once");
      }
      if (u.certSha256() != null && certs.containsKey(u.certSha256())) {
        throw malformed(
            file,
            i + 1,
            "its certificate is console user "
                + certs.get(u.certSha256())
                + "'s too; a certificate may map to one account");
      }
      lineOf.put(u.name(), i);
      if (u.certSha256() != null) {
        certs.put(u.certSha256(), u.name());
      }
      users.add(u);
    }
    return new Parsed(users, lineOf);
  }

  /** One account line; its problems never repeat a field that may hold a hash. */
  private static ConsoleUser parseLine(Path file, int number, String line) {
    String[] f = line.split(" ", -1);
    if (f.length != 4 || Arrays.asList(f).contains("")) {
      throw malformed(
          file,
          number,
          "expected 4 fields NAME ROLE PASSWORD CERT-SHA256 separated by single spaces, found "
              + (f.length == 4 ? "an empty field (two spaces in a row?)" : f.length + " field(s)"));
    }
    if (!ConsoleUser.validName(f[0])) {
      throw malformed(
          file,
          number,
          "the name "
              + echo(f[0])
              + "is not valid: a lower-case letter, then up to 62 of a-z 0-9 . _ -");
    }
    Role role;
    try {
      role = Role.parse(f[1]);
    } catch (IllegalArgumentException e) {
      throw malformed(file, number, "the role " + echo(f[1]) + "is not one of " + Role.allowed());
    }
    String hash = f[2].equals(NONE) ? null : f[2];
    if (hash != null && PasswordHash.parse(hash) == null) {
      throw malformed(
          file,
          number,
          "the password field is neither - nor a PHC string prex accepts"
              + " ($argon2id$v=19$m=..,t=..,p=..$SALT$HASH, m at most 1 GiB, t 20, p 16; or"
              + " $pbkdf2-sha512$i=..,l=..$SALT$HASH, i from "
              + PasswordHash.PBKDF2_MIN_ITERATIONS
              + " to "
              + PasswordHash.PBKDF2_MAX_ITERATIONS
              + ")");
    }
    String cert = f[3].equals(NONE) ? null : f[3];
    if (cert != null && !cert.matches("[0-9a-f]{64}")) {
      throw malformed(
          file,
          number,
          "the certificate field is neither - nor a SHA-256 in 64 lower-case hex digits");
    }
    if (hash == null && cert == null) {
      throw malformed(
          file,
          number,
          "console user "
              + f[0]
              + " has neither a password nor a certificate: it could not log in");
    }
    return new ConsoleUser(f[0], role, hash, cert);
  }

  private static String echo(String field) {
    return ECHOABLE.matcher(field).matches() ? "'" + field + "' " : "";
  }

  private static IllegalArgumentException malformed(Path file, int line, String problem) {
    return new IllegalArgumentException(file + " line " + line + ": " + problem);
  }

  // --- writing ---

  /**
   * Replaces {@code file} with {@code lines}: a 0600 temporary file in the same folder, written and
   * synced, then renamed over it, so a reader sees the old file or the new, never half of one.
   */
  private static void write(Path file, List<String> lines) {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path tmp = null;
    try {
      tmp =
          posix
              ? Files.createTempFile(
                  dir,
                  "." + FILE_NAME + "-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(dir, "." + FILE_NAME + "-", ".tmp");
      if (posix) {
        // the umask may have taken bits from the mode asked for at creation: set it outright
        Files.setPosixFilePermissions(tmp, OWNER_ONLY);
      }
      StringBuilder text = new StringBuilder();
      for (String l : lines) {
        text.append(l).append('\n');
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically", e);
      }
      tmp = null;
      syncFolder(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + file + " (" + e.getClass().getSimpleName() + ")", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write failed already; that error is the one to report
        }
      }
    }
  }

  /** The rename made durable; a file system that cannot sync a folder is let be. */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not possible here (e.g. Windows): the rename is still atomic
    }
  }
}
