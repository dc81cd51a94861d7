package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathCommandTest {

  @TempDir Path dir;

  @Test
  void aJarsClassPathIsTheJarThenItsManifestEntriesResolvedNextToIt() throws Exception {
    Path jar = jarWithClassPath(dir.resolve("app.jar"), "lib/a.jar lib/b.jar");
    Files.createDirectories(dir.resolve("lib"));
    Files.createFile(dir.resolve("lib/a.jar"));
    Files.createFile(dir.resolve("lib/b.jar"));

    assertThat(ClasspathCommand.entries(jar))
        .containsExactly(jar.toAbsolutePath(), dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar"));
  }

  @Test
  void aJarCopiedWithoutItsLibDirectoryIsRefusedWithTheMissingPath() throws Exception {
    Path jar = jarWithClassPath(dir.resolve("app.jar"), "lib/a.jar");

    assertThatThrownBy(() -> ClasspathCommand.entries(jar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("lib/a.jar").toString());
  }

  @Test
  void fromADirectoryOfClassesItIsThisJvmsClassPath() {
    assertThat(ClasspathCommand.entries(dir))
        .hasSize(System.getProperty("java.class.path").split(File.pathSeparator).length)
        .allMatch(Path::isAbsolute);
  }

  @Test
  void theCommandPrintsOneLineOfAbsolutePathsThatIncludesTrainer4j() {
    CommandRun run = CommandRun.of("classpath");

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).hasSize(1);
    assertThat(run.lines().get(0).split(File.pathSeparator))
        .allMatch(p -> Path.of(p).isAbsolute())
        .anyMatch(p -> p.contains("trainer4j-framework") || p.endsWith("framework/target/classes"));
  }

  private static Path jarWithClassPath(Path jar, String classPath) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      return jar;
    }
  }
}
