package org.prex.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.prex.files.OwnerOnly;

/**
 * A backup of the transfer log while it runs, and its restore (docs/operations.md, "Backup and
 * restore"). A backup is one zip, owner-only: the database as H2's online {@code BACKUP} makes it
 * (transactionally consistent, nothing locked), then the journal files as they are a moment later.
 * Restoring puts them into an empty {@code <data>/audit} and opens the log for writing, which puts
 * back from the journal what was appended between the two, as after a crash, and checks every
 * journal line against the rows it repeats.
 */
public final class LogBackup {
  static final String DATABASE = "prex.mv.db";

  /** The only names a backup holds; anything else in a zip is refused. */
  private static final Set<String> NAMES = Set.of(DATABASE, Journal.FILE, Journal.PREVIOUS);

  private LogBackup() {}

  /**
   * Writes a backup of the log in {@code dataDir} to {@code out} (replaced only once it is whole).
   *
   * @return the number of events the database part holds
   * @throws AuditLogException naming what failed
   */
  public static long backup(Path dataDir, Path out) {
    Path location = LogStore.location(dataDir);
    Path dir = out.toAbsolutePath().getParent();
    // H2 writes its zip with the umask's mode: inside the log's own folder, which is 0700
    Path h2zip = location.resolve(".backup-" + java.util.UUID.randomUUID() + ".zip.partial");
    Path partial =
        dir.resolve("." + out.getFileName() + "." + java.util.UUID.randomUUID() + ".partial");
    long events;
    try (AuditLog log = AuditLog.openReadOnly(dataDir)) {
      events = log.size();
      log.store()
          .run(
              "cannot back up the database",
              c -> {
                try (PreparedStatement p = c.prepareStatement("BACKUP TO ?")) {
                  p.setString(1, h2zip.toString());
                  p.execute();
                }
                return null;
              });
    }
    try {
      OwnerOnly.restrict(h2zip);
      // a new file of its own, never one another user put there first, nor a link
      try (OutputStream file =
              Files.newOutputStream(
                  Files.createFile(partial, OwnerOnly.fileAttributes(partial)),
                  java.nio.file.LinkOption.NOFOLLOW_LINKS,
                  java.nio.file.StandardOpenOption.WRITE);
          ZipOutputStream zip = new ZipOutputStream(file)) {
        copyEntry(h2zip, DATABASE, zip);
        for (String name : new String[] {Journal.PREVIOUS, Journal.FILE}) {
          try (InputStream in = Files.newInputStream(location.resolve(name))) {
            zip.putNextEntry(new ZipEntry(name));
            in.transferTo(zip);
            zip.closeEntry();
          } catch (NoSuchFileException e) {
            // not rotated yet, or no event since the journal began
          }
        }
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return events;
    } catch (IOException e) {
      throw new AuditLogException(location, "cannot write the backup " + out + ": " + e, e);
    } finally {
      deleteQuietly(h2zip);
      deleteQuietly(partial);
    }
  }

  /** Copies the database file out of H2's backup zip into ours. */
  private static void copyEntry(Path h2zip, String name, ZipOutputStream zip) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(h2zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          zip.putNextEntry(new ZipEntry(name));
          in.transferTo(zip);
          zip.closeEntry();
          return;
        }
      }
    }
    throw new IOException("H2's backup holds no " + name);
  }

  /**
   * Restores the backup {@code from} into {@code dataDir}, which must hold no log yet, then opens
   * the log for writing (putting back what the journal holds beyond the database) and verifies it.
   *
   * @return the verification of the restored log
   * @throws AuditLogException if a log is there already, the zip holds anything but a backup's
   *     files, or the restored log does not open
   */
  public static LogCheck restore(Path from, Path dataDir) {
    Path location = LogStore.location(dataDir);
    if (Files.exists(location.resolve(DATABASE))) {
      throw new AuditLogException(
          location,
          "holds a log already: restore only into a data folder without one (move "
              + location
              + " away first)",
          null);
    }
    // restored and checked beside the data folder's log, put in its place only once it verifies:
    // a damaged or altered backup leaves nothing behind that serve or audit would open
    Path side = dataDir.resolve(".restoring-" + java.util.UUID.randomUUID());
    Path sideLog = LogStore.location(side);
    try {
      try {
        OwnerOnly.createFolders(sideLog);
        unzip(from, sideLog);
      } catch (IOException e) {
        throw new AuditLogException(location, "cannot restore " + from + ": " + e.getMessage(), e);
      }
      LogCheck check;
      try (AuditLog log = AuditLog.open(side)) {
        check = log.verify();
      }
      if (!check.intact()) {
        return check;
      }
      try {
        OwnerOnly.createFolders(location);
        try (var files = Files.list(sideLog)) {
          for (Path f : files.toList()) {
            Files.move(f, location.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
          }
        }
      } catch (IOException e) {
        throw new AuditLogException(location, "cannot put the restored log in place: " + e, e);
      }
      return check;
    } finally {
      deleteTree(side);
    }
  }

  /** Puts a backup's files into {@code dir}, refusing anything else and any entry too large. */
  private static void unzip(Path from, Path dir) throws IOException {
    // no entry may outgrow the zip by more than this: H2 files and journals compress about 10
    // to 1; a zip bomb does by millions
    long limit = Files.size(from) * 1000 + (64L << 20);
    Set<String> seen = new LinkedHashSet<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String name = e.getName();
        if (!NAMES.contains(name) || !seen.add(name)) {
          throw new IOException(
              "holds '" + name + "', which is not a part of a log backup (or twice)");
        }
        try (OutputStream out = OwnerOnly.newOutputStream(dir.resolve(name))) {
          byte[] buffer = new byte[1 << 16];
          long total = 0;
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
              throw new IOException(name + " unpacks to more than " + (limit >> 20) + " MiB");
            }
            out.write(buffer, 0, n);
          }
        }
      }
    }
    if (!seen.contains(DATABASE)) {
      throw new IOException("holds no database " + DATABASE);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover hidden folder in the data folder, owner-only, named .restoring-…
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover partial file in the backup's folder, owner-only
    }
  }
}
