package org.trainer4j.extensions.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  @TempDir Path dir;

  @Test
  void createsAMissingDirectoryAndLeavesNoProbeBehind() throws IOException {
    Path created = OutputFiles.ensureWritableDirectory(dir.resolve("a/b"), "output directory");

    assertThat(created).isDirectory().isEmptyDirectory();
  }

  @Test
  void aDirectoryBelowARegularFileIsReportedWithItsPurpose() throws IOException {
    Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(
            () -> OutputFiles.ensureWritableDirectory(dir.resolve("file/sub"), "plot directory"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("plot directory")
        .hasMessageContaining("file/sub")
        .hasMessageContaining("is not writable");
  }

  @Test
  void aTargetThatIsADirectoryCannotBeWritten() throws IOException {
    Files.createDirectory(dir.resolve("log"));

    assertThatThrownBy(() -> OutputFiles.checkWritableFile(dir.resolve("log"), "log file"))
        .hasMessageContaining("log file")
        .hasMessageContaining("is a directory");
  }
}
