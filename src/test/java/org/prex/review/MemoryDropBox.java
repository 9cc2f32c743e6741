package org.prex.review;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.prex.ingest.DropBoxClient;

/**
 * Red team: a drop box in memory, as the exchange's ingest account sees it, with failures a test
 * can inject. Paths are relative to the drop box root; every file has the same modification time
 * unless set.
 */
final class MemoryDropBox implements DropBoxClient {
  final Map<String, byte[]> files = new TreeMap<>();
  final Map<String, Long> times = new TreeMap<>();
  final TreeSet<String> dirs = new TreeSet<>();

  /** A remove of a path this accepts fails with an IOException naming it, as SFTP's do. */
  volatile Predicate<String> failRemove = p -> false;

  /** An open of a path this accepts fails with an IOException naming it, as SFTP's do. */
  volatile Predicate<String> failOpen = p -> false;

  final List<String> removed = new ArrayList<>();
  int listTrees;

  void put(String path, String content) {
    put(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  void put(String path, byte[] content) {
    mkdirs(parent(path));
    files.put(path, content);
    times.put(path, 1_700_000_000_000L);
  }

  void mkdirs(String dir) {
    String d = dir;
    while (!d.isEmpty()) {
      dirs.add(d);
      d = parent(d);
    }
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  Entry entry(String path) {
    if (dirs.contains(path)) {
      return new Entry(path, 0, 1_700_000_000_000L, true);
    }
    return new Entry(path, files.get(path).length, times.get(path), false);
  }

  @Override
  public synchronized List<Entry> list(String dir) {
    List<Entry> out = new ArrayList<>();
    for (String d : dirs) {
      if (parent(d).equals(dir) && !d.equals(dir)) {
        out.add(entry(d));
      }
    }
    for (String f : files.keySet()) {
      if (parent(f).equals(dir)) {
        out.add(entry(f));
      }
    }
    out.sort(java.util.Comparator.comparing(Entry::name));
    return out;
  }

  @Override
  public synchronized List<Entry> listTree(String dir) {
    listTrees++;
    List<Entry> out = new ArrayList<>();
    walk(dir, out);
    return out;
  }

  private void walk(String dir, List<Entry> out) {
    for (Entry e : list(dir)) {
      out.add(e);
      if (e.directory()) {
        walk(e.path(), out);
      }
    }
  }

  @Override
  public synchronized InputStream open(String path) throws IOException {
    if (failOpen.test(path)) {
      throw new IOException("cannot read " + path + ": failure (SFTP status 4)");
    }
    byte[] b = files.get(path);
    if (b == null) {
      throw new NoSuchFileException(path);
    }
    return new ByteArrayInputStream(b);
  }

  @Override
  public synchronized void remove(String path) throws IOException {
    if (failRemove.test(path)) {
      throw new IOException("cannot remove " + path + ": failure (SFTP status 4)");
    }
    if (files.remove(path) == null) {
      throw new NoSuchFileException(path);
    }
    times.remove(path);
    removed.add(path);
  }

  @Override
  public synchronized void removeDir(String path) throws IOException {
    if (failRemove.test(path)) {
      throw new IOException("cannot remove folder " + path + ": failure (SFTP status 4)");
    }
    boolean empty =
        files.keySet().stream().noneMatch(f -> f.startsWith(path + "/"))
            && dirs.stream().noneMatch(d -> d.startsWith(path + "/"));
    if (!empty) {
      throw new IOException("cannot remove folder " + path + ": not empty");
    }
    dirs.remove(path);
    removed.add(path);
  }

  @Override
  public synchronized void mkdir(String path) throws IOException {
    if (dirs.contains(path) || files.containsKey(path)) {
      throw new IOException("cannot make folder " + path + ": exists");
    }
    if (!parent(path).isEmpty() && !dirs.contains(parent(path))) {
      throw new IOException("cannot make folder " + path + ": no parent");
    }
    dirs.add(path);
  }

  @Override
  public synchronized void upload(Path from, String path) throws IOException {
    if (!dirs.contains(parent(path))) {
      throw new IOException("cannot write " + path + ": no parent");
    }
    files.put(path, Files.readAllBytes(from));
    times.put(path, 1_700_000_000_000L);
  }

  @Override
  public synchronized void rename(String from, String to) throws IOException {
    if (dirs.contains(to) || files.containsKey(to)) {
      throw new IOException("cannot rename onto " + to + ": exists");
    }
    for (String f : new ArrayList<>(files.keySet())) {
      if (f.equals(from) || f.startsWith(from + "/")) {
        String moved = to + f.substring(from.length());
        files.put(moved, files.remove(f));
        times.put(moved, times.remove(f));
      }
    }
    for (String d : new ArrayList<>(dirs)) {
      if (d.equals(from) || d.startsWith(from + "/")) {
        dirs.remove(d);
        dirs.add(to + d.substring(from.length()));
      }
    }
  }

  @Override
  public void close() {}
}
