package org.prex.submission;

import org.prex.yaml.NodeReader;

/** The rules for an item's path: relative, '/'-separated, never leaving the submission folder. */
final class ItemPaths {
  private ItemPaths() {}

  /** Null when the path is acceptable, else what is wrong with it. */
  static String problem(String path) {
    String shown = NodeReader.show(path);
    if (path.isEmpty()) {
      return "path is empty: give the file's path relative to the submission folder";
    }
    if (path.codePoints().anyMatch(NodeReader::isControl)) {
      return "path "
          + shown
          + " contains a control character (such as a tab, newline or direction override)";
    }
    if (path.startsWith("/")) {
      return "path " + shown + " is absolute: give it relative to the submission folder";
    }
    if (path.indexOf('\\') >= 0) {
      return "path " + shown + " contains '\\': separate folders with '/'";
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.equals("..")) {
        return "path " + shown + " escapes the submission folder";
      }
    }
    for (String segment : segments) {
      if (segment.equals(".")) {
        return "path " + shown + " has a '.' segment: write the path without it";
      }
      if (segment.isEmpty()) {
        return "path " + shown + " has an empty segment ('//' or a trailing '/')";
      }
    }
    if (path.equals(ManifestParser.FILE_NAME)) {
      return "path " + shown + " is the manifest itself: list only the files it describes";
    }
    return null;
  }
}
