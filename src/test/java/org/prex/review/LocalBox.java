package org.prex.review;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.prex.ingest.DropBoxClient;

/** A drop box over a local folder, for tests that need its files but not its SFTP server. */
final class LocalBox implements DropBoxClient {
  private final Path root;

  LocalBox(Path root) {
    this.root = root;
  }

  private Path at(String path) {
    return root.resolve(path);
  }

  @Override
  public List<Entry> list(String dir) throws IOException {
    if (!Files.isDirectory(at(dir))) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(at(dir))) {
      for (Path p : s.sorted().toList()) {
        boolean d = Files.isDirectory(p);
        out.add(
            new Entry(
                dir + "/" + p.getFileName(),
                d ? 0 : Files.size(p),
                Files.getLastModifiedTime(p).toMillis(),
                d));
      }
    }
    return out;
  }

  @Override
  public List<Entry> listTree(String dir) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Entry e : list(dir)) {
      out.add(e);
      if (e.directory()) {
        out.addAll(listTree(e.path()));
      }
    }
    return out;
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Files.newInputStream(at(path));
  }

  @Override
  public void remove(String path) throws IOException {
    Files.delete(at(path));
  }

  @Override
  public void removeDir(String path) throws IOException {
    Files.delete(at(path));
  }

  @Override
  public void mkdir(String path) throws IOException {
    Files.createDirectory(at(path));
  }

  @Override
  public void upload(Path from, String path) throws IOException {
    Files.copy(from, at(path));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Files.move(at(from), at(to));
  }

  @Override
  public void close() {}
}
