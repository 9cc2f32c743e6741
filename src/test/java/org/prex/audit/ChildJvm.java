package org.prex.audit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Starts a main class of the tests in a second JVM: another process on the same audit log. */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(classpath());
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String classpath() throws IOException {
    String lib = System.getProperty("prex.lib");
    String classes = System.getProperty("prex.classes");
    if (lib == null || classes == null || !Files.isDirectory(Path.of(lib))) {
      return System.getProperty("java.class.path");
    }
    List<String> entries = new ArrayList<>();
    try {
      entries.add(
          Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    entries.add(classes);
    try (Stream<Path> jars = Files.list(Path.of(lib))) {
      jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> entries.add(p.toString()));
    }
    return String.join(File.pathSeparator, entries);
  }
}
