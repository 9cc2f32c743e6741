package org.prex.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.prex.designate.Designation;

/**
 * The inspection process: {@code java … org.prex.inspect.InspectWorker SCRATCH OCR}. Started and
 * reused by {@link Inspector}, with its own heap limit and its temporary folder inside prex's
 * private scratch folder. Reads one request per line on stdin, {@code {"file": …, "name": …,
 * "legacy": {…}}}, and answers one {@link Verdict} per line on stdout. Everything else the
 * libraries print goes to stderr, which prex discards (it could quote content).
 */
public final class InspectWorker {
  private InspectWorker() {}

  /** One request. */
  public record Request(String file, String name, Map<String, String> legacy) {}

  public static void main(String[] args) throws Exception {
    // the same JCA providers as the process that started it (on the FIPS line: the module only)
    org.prex.seal.CryptoLine.atStart();
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Path scratch = Path.of(args[0]);
    boolean ocr = Boolean.parseBoolean(args[1]);
    ObjectMapper json = new ObjectMapper();
    Map<Map<String, String>, ContentInspector> inspectors = new LinkedHashMap<>();
    ContentInspector plain = new ContentInspector(Map.of(), scratch, ocr, Limits.DEFAULT);
    inspectors.put(Map.of(), plain);
    warmUp(plain, scratch);
    protocol.println("{\"ready\":true}");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      Request req = json.readValue(line, Request.class);
      ContentInspector inspector =
          inspectors.computeIfAbsent(
              req.legacy(),
              l -> new ContentInspector(designations(l), scratch, ocr, Limits.DEFAULT));
      Verdict v;
      try {
        v = inspector.inspect(Path.of(req.file()), req.name());
      } catch (Exception | StackOverflowError e) {
        v = Verdict.notInspected("cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      protocol.println(json.writeValueAsString(v));
    }
  }

  /** Loads the classes a first item needs, so that its time limit is spent on it. */
  private static void warmUp(ContentInspector inspector, Path scratch) throws java.io.IOException {
    Path f =
        java.nio.file.Files.createTempFile(
            scratch,
            "warm-",
            ".txt",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    try {
      java.nio.file.Files.writeString(f, "(U) warm up / PROPRIETARY\n");
      inspector.inspect(f, "warm-up.txt");
    } finally {
      java.nio.file.Files.deleteIfExists(f);
    }
  }

  private static Map<String, Designation> designations(Map<String, String> legacy) {
    Map<String, Designation> out = new LinkedHashMap<>();
    legacy.forEach((k, v) -> out.put(k, Designation.parse(v)));
    return out;
  }
}
