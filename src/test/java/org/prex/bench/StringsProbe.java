package org.prex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.prex.inspect.ContentInspector;
import org.prex.inspect.Limits;
import org.prex.inspect.Verdict;
import org.prex.testing.GeneratedStream;

/** Scratch probe: strings scan speed and verdict on pseudo-random bytes. */
public final class StringsProbe {
  public static void main(String[] a) throws Exception {
    Path f = Path.of(a[0]);
    if (!Files.exists(f)) {
      Files.copy(new GeneratedStream(Long.parseLong(a[1]) << 20), f);
    }
    ContentInspector ci = new ContentInspector(Map.of(), f.getParent(), false, Limits.DEFAULT);
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      Verdict v = ci.inspect(f, "x.bin");
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%.2f s, %.0f MB/s %s%n", s, Files.size(f) / 1e6 / s, v);
    }
  }
}
