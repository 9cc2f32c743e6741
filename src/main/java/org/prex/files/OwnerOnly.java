package org.prex.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and folders only the exchange's own account can read: every folder prex makes is 0700 and
 * every file it writes 0600, whatever the process umask (docs/threat-model.md, "On disk"). The mode
 * is given at creation, so no other user ever sees the file open, and set again afterwards, since a
 * file that already existed keeps its old mode. On a file system without POSIX modes the calls fall
 * back to the plain operations.
 */
public final class OwnerOnly {

  public static final Set<PosixFilePermission> FILE_MODE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  public static final Set<PosixFilePermission> FOLDER_MODE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(FILE_MODE);
  private static final FileAttribute<Set<PosixFilePermission>> FOLDER =
      PosixFilePermissions.asFileAttribute(FOLDER_MODE);

  private OwnerOnly() {}

  /** Whether {@code path}'s file system has POSIX modes. */
  public static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The attributes to create a file with: 0600 where modes exist, none otherwise. */
  public static FileAttribute<?>[] fileAttributes(Path path) {
    return isPosix(path) ? new FileAttribute<?>[] {FILE} : new FileAttribute<?>[0];
  }

  /** The attributes to create a folder with: 0700 where modes exist, none otherwise. */
  public static FileAttribute<?>[] folderAttributes(Path path) {
    return isPosix(path) ? new FileAttribute<?>[] {FOLDER} : new FileAttribute<?>[0];
  }

  /**
   * Like {@link Files#createDirectories}, but every folder it makes is 0700 (folders that exist
   * already are left as they are).
   */
  public static Path createFolders(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(p);
    }
    for (int i = missing.size() - 1; i >= 0; i--) {
      Path p = missing.get(i);
      try {
        Files.createDirectory(p, folderAttributes(p));
        restrict(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
    }
    return dir;
  }

  /** Creates {@code dir} (0700), whose parent must exist. */
  public static Path createFolder(Path dir) throws IOException {
    Files.createDirectory(dir, folderAttributes(dir));
    restrict(dir);
    return dir;
  }

  /**
   * Opens {@code file} for writing, creating it 0600 if missing and truncating it otherwise (then
   * it is made 0600 too).
   */
  public static OutputStream newOutputStream(Path file) throws IOException {
    Set<OpenOption> options =
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    OutputStream out =
        Channels.newOutputStream(Files.newByteChannel(file, options, fileAttributes(file)));
    restrict(file);
    return out;
  }

  /** Writes {@code text} as UTF-8 to {@code file}, 0600, replacing what it held. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code file}, 0600, replacing what it held. */
  public static void write(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = newOutputStream(file)) {
      out.write(bytes);
    }
  }

  /** Writes {@code lines} as UTF-8, each ending in a newline, to {@code file}, 0600. */
  public static void writeLines(Path file, Iterable<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    writeString(file, text.toString());
  }

  /** Copies {@code from} to a new file {@code to}, 0600. */
  public static void copy(Path from, Path to) throws IOException {
    try (OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                to,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttributes(to)))) {
      restrict(to);
      Files.copy(from, out);
    }
  }

  /**
   * Sets {@code path} (not following a symbolic link) to 0700 if it is a folder, 0600 otherwise.
   * Returns whether its mode had to change.
   */
  public static boolean restrict(Path path) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    BasicFileAttributes attrs =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      return false;
    }
    Set<PosixFilePermission> wanted = attrs.isDirectory() ? FOLDER_MODE : FILE_MODE;
    if (view.readAttributes().permissions().equals(wanted)) {
      return false;
    }
    view.setPermissions(wanted);
    return true;
  }

  /**
   * {@link #restrict}s {@code root} and everything below it (symbolic links are neither followed
   * nor changed); returns how many modes had to change.
   */
  public static int restrictTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !isPosix(root)) {
      return 0;
    }
    int[] changed = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (restrict(dir)) {
              changed[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isSymbolicLink() && restrict(file)) {
              changed[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // gone meanwhile (a file being taken): nothing to do
          }
        });
    return changed[0];
  }

  /**
   * What group or others may read or enter in {@code root}: one line per entry (path and mode, e.g.
   * {@code data/audit rwxr-xr-x}), {@code root} first, symbolic links skipped.
   */
  public static List<String> openEntries(Path root) throws IOException {
    List<String> open = new ArrayList<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !isPosix(root)) {
      return open;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(p -> !Files.isSymbolicLink(p))
          .forEach(
              p -> {
                String mode = openToOthers(p);
                if (mode != null) {
                  open.add(p + " " + mode);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return open;
  }

  /**
   * The mode of {@code path} when group or others may do anything with it, e.g. {@code rwxr-xr-x};
   * null when only the owner may (or the file system has no modes).
   */
  public static String openToOthers(Path path) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      if (view == null) {
        return null;
      }
      Set<PosixFilePermission> perms =
          Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes()
              .permissions();
      boolean open = perms.stream().anyMatch(p -> !p.name().startsWith("OWNER"));
      return open ? PosixFilePermissions.toString(perms) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
