package org.prex.review.document;

/**
 * One item a review document is about: its item id ({@code i-…}) and the lower-case hex SHA-256 of
 * its plaintext, as the package manifest lists them (docs/formats.md).
 */
public record ItemHash(String item, String sha256) {
  public ItemHash {
    Check.id("item", item, 'i');
    Check.sha256("sha256", sha256);
  }
}
