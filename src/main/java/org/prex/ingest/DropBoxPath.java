package org.prex.ingest;

/**
 * Where an upload sits in the drop box: {@code <lab>/inbox/<path>}, relative to the drop box root
 * (the embedded server's root, or the {@code --ingest} server's folder whose top-level folders are
 * the lab ids).
 */
public record DropBoxPath(String lab, String path) {

  public static DropBoxPath parse(String relative) {
    String normalized = relative.replace('\\', '/');
    String[] parts = normalized.split("/", 3);
    if (parts.length < 3 || !parts[1].equals("inbox") || parts[2].isEmpty()) {
      throw new IllegalArgumentException(
          "not an upload in a lab's inbox (expected <lab>/inbox/<file>): "
              + parts.length
              + " path segments");
    }
    if (!parts[0].matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("not a lab id: the drop box folder's name is malformed");
    }
    return new DropBoxPath(parts[0], parts[2]);
  }

  /** A loose file sits directly in the inbox; anything deeper belongs to a submission folder. */
  public boolean isLooseFile() {
    return !path.contains("/");
  }
}
