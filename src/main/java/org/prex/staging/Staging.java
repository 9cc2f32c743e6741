package org.prex.staging;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.prex.item.Ids;
import org.prex.item.StagedItem;

/**
 * The staging folder: the only place plaintext exists, one folder per item ({@code
 * <staging>/<item-id>/content}) with its metadata ({@code item.json}), so that work interrupted by
 * a crash is found again at start. Sealed packages wait under {@code sealed/} until delivered.
 */
public final class Staging {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;

  public Staging(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Where the SFTP consumer downloads an upload before the stager takes it (same file system). */
  public Path incoming() {
    return root.resolve("incoming");
  }

  public Path itemDir(String itemId) {
    if (!Ids.isId(itemId)) {
      throw new IllegalArgumentException("not an item id: " + itemId);
    }
    return root.resolve(itemId);
  }

  public Path content(String itemId) {
    return itemDir(itemId).resolve("content");
  }

  /** Where the sealed package of one transfer waits until delivered. */
  public Path sealed(String itemId, String agency) {
    return itemDir(itemId).resolve("sealed").resolve(agency);
  }

  /**
   * Records the item's metadata last, atomically: an item folder without it is an aborted stage.
   */
  public void commit(StagedItem item) throws IOException {
    Path dir = itemDir(item.itemId());
    Path tmp = dir.resolve("item.json.tmp");
    JSON.writeValue(tmp.toFile(), item);
    Files.move(tmp, dir.resolve("item.json"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Items staged but not yet fully handled (e.g. interrupted by a crash), oldest first. */
  public List<StagedItem> pending() throws IOException {
    List<StagedItem> out = new ArrayList<>();
    for (Path dir : itemDirs()) {
      Path meta = dir.resolve("item.json");
      if (Files.isRegularFile(meta)) {
        out.add(JSON.readValue(meta.toFile(), StagedItem.class));
      }
    }
    out.sort(Comparator.comparing(StagedItem::receivedAt));
    return out;
  }

  /**
   * At start, before anything is taken: removes downloads and stages that a stop cut off. Their
   * uploads are still in the drop box (it keeps them until a stage is committed), so nothing is
   * lost.
   */
  public void removeAborted() throws IOException {
    delete(incoming());
    if (Files.isDirectory(taken())) {
      java.time.Instant horizon = java.time.Instant.now().minus(java.time.Duration.ofDays(7));
      try (Stream<Path> markers = Files.list(taken())) {
        for (Path m : markers.toList()) {
          if (Files.getLastModifiedTime(m).toInstant().isBefore(horizon)) {
            Files.delete(m);
          }
        }
      }
    }
    for (Path dir : itemDirs()) {
      if (!Files.isRegularFile(dir.resolve("item.json"))) {
        delete(dir);
      }
    }
  }

  private List<Path> itemDirs() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Ids.isId(d.getFileName().toString())).sorted().toList();
    }
  }

  /**
   * Removes the item's plaintext and everything else staged for it, leaving only a marker of the
   * upload it came from, so that the same upload is not taken twice should the drop box still hold
   * it after a stop.
   */
  public void release(String itemId) {
    Path meta = itemDir(itemId).resolve("item.json");
    try {
      if (Files.isRegularFile(meta)) {
        StagedItem item = JSON.readValue(meta.toFile(), StagedItem.class);
        Files.createDirectories(taken());
        Files.writeString(taken().resolve(item.uploadKey()), item.itemId());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark item " + itemId + " as taken", e);
    }
    delete(itemDir(itemId));
  }

  /** Whether this upload is already in custody, or was handled, recently. */
  public boolean isTaken(String uploadKey) throws IOException {
    if (Files.exists(taken().resolve(uploadKey))) {
      return true;
    }
    return pending().stream().anyMatch(i -> uploadKey.equals(i.uploadKey()));
  }

  /** Markers of uploads handled (hashes only, no content): beside staging, in the data folder. */
  private Path taken() {
    return root.resolveSibling("taken");
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove staged item " + dir.getFileName(), e);
    }
  }
}
