package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

public interface DropBoxClient extends AutoCloseable {
  record Entry(String path, long size, long modifiedMillis, boolean directory) {}

  List<Entry> list(String dir) throws IOException;

  List<Entry> listTree(String dir) throws IOException;

  InputStream open(String path) throws IOException;

  void remove(String path) throws IOException;

  void removeDir(String path) throws IOException;

  void writeAtomically(String dir, String name, byte[] content) throws IOException;

  @Override
  void close();
}
