package org.trainer4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code mvn install} publishes for each library module, read from the modules' target/
 * directories after {@code package}: the jar with its {@code Automatic-Module-Name}, the sources
 * jar and the javadoc jar.
 */
class LibraryArtifactsIT {

  @ParameterizedTest
  @CsvSource({
    "framework, trainer4j-framework, org.trainer4j, org/trainer4j/training/Trainer",
    "extensions, trainer4j-extensions, org.trainer4j.extensions,"
        + " org/trainer4j/extensions/report/LogReport"
  })
  void theLibraryShipsANamedJarItsSourcesAndItsJavadoc(
      String module, String artifactId, String moduleName, String someClass) throws Exception {
    Path target = Path.of("..", module, "target");

    try (JarFile jar = new JarFile(artifact(target, artifactId, ".jar").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo(moduleName);
      assertThat(jar.getEntry(someClass + ".class")).isNotNull();
    }
    try (JarFile sources = new JarFile(artifact(target, artifactId, "-sources.jar").toFile())) {
      assertThat(sources.getEntry(someClass + ".java")).isNotNull();
    }
    try (JarFile javadoc = new JarFile(artifact(target, artifactId, "-javadoc.jar").toFile())) {
      assertThat(javadoc.getEntry("index.html")).isNotNull();
      assertThat(javadoc.getEntry(someClass + ".html")).isNotNull();
    }
  }

  /**
   * The one file {@code artifactId-<version><suffix>} (the version is the build's, whatever it is).
   */
  private static Path artifact(Path target, String artifactId, String suffix) throws IOException {
    String pattern = "\\Q" + artifactId + "-\\E\\d[^-]*(-SNAPSHOT)?\\Q" + suffix + "\\E";
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches(pattern))
          .reduce(
              (a, b) -> {
                throw new AssertionError("two candidates: " + a + ", " + b);
              })
          .orElseThrow(
              () -> new AssertionError("no " + artifactId + "-*" + suffix + " in " + target));
    }
  }
}
