package org.prex.review;

import java.io.IOException;

/** An agency's drop-box {@code /notices} folder, written as the exchange's ingest account. */
@FunctionalInterface
public interface NoticeBox {
  /** Writes {@code <agency>/notices/<name>} whole (a temporary name, then a rename). */
  void put(String agency, String name, byte[] content) throws IOException;
}
