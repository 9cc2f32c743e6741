package org.prex.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.prex.ingest.DropBoxClient;
import org.prex.ingest.FolderIntake;

/**
 * A lab's drop-box {@code /findings} (docs/review-cycle.md), written as the exchange's ingest
 * account: a findings package appears as {@code <lab>/findings/<submission>/<finding>/} whole or
 * not at all (written under a hidden partial name, then renamed), and is never written twice.
 */
final class LabFindingsBox {
  private final FolderIntake.Connector connector;

  LabFindingsBox(FolderIntake.Connector connector) {
    this.connector = connector;
  }

  /** Writes the package folder {@code pkg} as {@code <lab>/findings/<submission>/<finding>}. */
  void put(String lab, String submission, Path pkg, String finding) throws IOException {
    String findings = lab + "/findings";
    String parent = findings + "/" + submission;
    String partial = parent + "/." + finding + ".partial";
    try (DropBoxClient box = connector.connect()) {
      if (!has(box, findings, submission)) {
        box.mkdir(parent);
      }
      if (has(box, parent, finding)) {
        return; // written before a stop cut off its logging
      }
      if (has(box, parent, "." + finding + ".partial")) {
        removeTree(box, partial);
      }
      box.mkdir(partial);
      List<Path> files;
      try (var list = Files.list(pkg)) {
        files = list.sorted().toList();
      }
      for (Path f : files) {
        box.upload(f, partial + "/" + f.getFileName());
      }
      box.rename(partial, parent + "/" + finding);
    }
  }

  private static boolean has(DropBoxClient box, String dir, String name) throws IOException {
    return box.list(dir).stream().anyMatch(e -> e.name().equals(name));
  }

  private static void removeTree(DropBoxClient box, String dir) throws IOException {
    List<DropBoxClient.Entry> all = box.listTree(dir);
    List<DropBoxClient.Entry> deepestFirst =
        all.stream()
            .sorted(
                Comparator.comparingInt((DropBoxClient.Entry e) -> e.path().length()).reversed())
            .toList();
    for (DropBoxClient.Entry e : deepestFirst) {
      if (e.directory()) {
        box.removeDir(e.path());
      } else {
        box.remove(e.path());
      }
    }
    box.removeDir(dir);
  }
}
