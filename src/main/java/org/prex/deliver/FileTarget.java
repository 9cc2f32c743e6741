package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;

/**
 * A local delivery folder ({@code deliver: file:…}). A package is written under a hidden {@code
 * .<transfer-id>.<random>.partial} name and renamed when whole, so an agency sees it whole or not
 * at all; a transfer already there is never written again.
 */
public final class FileTarget implements DeliveryTarget {
  private final Path dir;

  public FileTarget(Path dir) {
    this.dir = dir;
  }

  /** {@code file:outbox/caisi} → the folder, relative paths inside the data folder. */
  public static FileTarget of(String uri, Path dataDir) {
    String path = uri.substring("file:".length());
    return new FileTarget(dataDir.resolve(path).normalize());
  }

  public Path dir() {
    return dir;
  }

  @Override
  public boolean has(String transferId) {
    return Files.isDirectory(dir.resolve(transferId));
  }

  /**
   * Puts a whole package folder here. The staged package stays until the delivery is logged, so
   * that a crash in between finds it and the same transfer id again; its files are hard-linked when
   * on the same file system (instant for any size) and copied otherwise.
   */
  @Override
  public void put(Path packageDir, String transferId) throws IOException {
    if (has(transferId)) {
      return;
    }
    OwnerOnly.createFolders(dir);
    removeLeftovers(transferId);
    // a folder of this attempt's own: two attempts at one transfer never write into one folder
    Path partial = dir.resolve("." + transferId + "." + Ids.transfer() + ".partial");
    OwnerOnly.createFolders(partial);
    try (Stream<Path> files = Files.list(packageDir)) {
      for (Path f : files.toList()) {
        Path to = partial.resolve(f.getFileName().toString());
        try {
          Files.createLink(to, f);
        } catch (IOException | UnsupportedOperationException e) {
          OwnerOnly.copy(f, to);
        }
      }
    }
    try {
      Files.move(partial, dir.resolve(transferId), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(partial);
      if (!has(transferId)) {
        throw e;
      }
    }
  }

  @Override
  public void putFile(String folder, String name, Path file) throws IOException {
    Path into = dir.resolve(folder);
    Path done = into.resolve(name);
    if (Files.exists(done)) {
      return;
    }
    OwnerOnly.createFolders(into);
    Path partial = into.resolve("." + name + "." + Ids.transfer() + ".partial");
    OwnerOnly.copy(file, partial);
    try {
      Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** Removes the partial folders of this transfer's attempts that were cut off. */
  private void removeLeftovers(String transferId) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        if (DeliveryTarget.isPartialOf(p.getFileName().toString(), transferId)) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
