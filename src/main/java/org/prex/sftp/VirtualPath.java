package org.prex.sftp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A normalised path inside one account's view: the names from that view's root, with no {@code .},
 * {@code ..} or empty names left. A path that would climb above the root has no VirtualPath.
 */
record VirtualPath(List<String> names) {

  static final VirtualPath ROOT = new VirtualPath(List.of());

  VirtualPath {
    names = List.copyOf(names);
  }

  /** Normalises a path of an account's (rooted) file system; empty if it climbs above the root. */
  static Optional<VirtualPath> of(Path path) {
    List<String> names = new ArrayList<>();
    for (Path name : path) {
      names.add(name.toString());
    }
    return normalise(names);
  }

  /** Normalises a '/'-separated path; leading '/' optional. Empty if it climbs above the root. */
  static Optional<VirtualPath> parse(String path) {
    return normalise(List.of(path.split("/", -1)));
  }

  private static Optional<VirtualPath> normalise(List<String> raw) {
    List<String> names = new ArrayList<>();
    for (String name : raw) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (names.isEmpty()) {
          return Optional.empty();
        }
        names.remove(names.size() - 1);
      } else {
        names.add(name);
      }
    }
    return Optional.of(new VirtualPath(names));
  }

  int depth() {
    return names.size();
  }

  String name(int index) {
    return names.get(index);
  }

  boolean isRoot() {
    return names.isEmpty();
  }

  VirtualPath child(String name) {
    List<String> more = new ArrayList<>(names);
    more.add(name);
    return new VirtualPath(more);
  }

  VirtualPath prepend(String name) {
    List<String> more = new ArrayList<>();
    more.add(name);
    more.addAll(names);
    return new VirtualPath(more);
  }

  /** As the account sees it: {@code /inbox/a.bin}, or {@code /} for the root. */
  String absolute() {
    return "/" + String.join("/", names);
  }

  /** Without the leading '/': {@code inbox/a.bin}, or empty for the root. */
  String relative() {
    return String.join("/", names);
  }

  @Override
  public String toString() {
    return absolute();
  }
}
