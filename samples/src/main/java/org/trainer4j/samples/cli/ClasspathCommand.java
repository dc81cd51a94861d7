package org.trainer4j.samples.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints trainer4j's runtime class path (this jar and the {@code lib/} jars its manifest lists), so
 * that a training script is one file run by the JDK's source launcher: {@code java --class-path
 * "$(java -jar trainer4j-samples.jar classpath)" MyTraining.java}.
 */
@Command(
    name = "classpath",
    mixinStandardHelpOptions = true,
    description =
        "Prints trainer4j's runtime class path (absolute paths, joined by the platform's"
            + " separator), for `java --class-path \"$(java -jar trainer4j-samples.jar classpath)\""
            + " MyTraining.java`.")
public final class ClasspathCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        String.join(
            File.pathSeparator, entries(codeSource()).stream().map(Path::toString).toList()));
    out.flush();
  }

  /**
   * The class path that {@code java -jar} gives {@code codeSource}: the jar, then each entry of its
   * manifest's {@code Class-Path}, resolved against the jar's directory. Run from a directory of
   * classes (an IDE, the tests), the current JVM's class path.
   *
   * @throws IllegalStateException if a listed jar is missing (the jar was copied without its lib/)
   */
  static List<Path> entries(Path codeSource) {
    if (Files.isDirectory(codeSource)) {
      return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
          .map(p -> Path.of(p).toAbsolutePath())
          .toList();
    }
    Path jar = codeSource.toAbsolutePath();
    List<Path> entries = new ArrayList<>(List.of(jar));
    for (String entry : manifestClassPath(jar)) {
      Path path = jar.resolveSibling(entry).normalize();
      if (!Files.exists(path)) {
        throw new IllegalStateException(
            "missing " + path + ": keep the jar next to the lib/ directory it was built with");
      }
      entries.add(path);
    }
    return entries;
  }

  private static List<String> manifestClassPath(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      return classPath == null || classPath.isBlank()
          ? List.of()
          : List.of(classPath.trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  private static Path codeSource() {
    try {
      return Path.of(
          ClasspathCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
