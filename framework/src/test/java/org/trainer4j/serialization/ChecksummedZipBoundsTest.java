package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's defences against archives built to exhaust memory. */
class ChecksummedZipBoundsTest {

  private static final long THREE_GIB = 3L << 30;

  @TempDir Path dir;

  @Test
  void aThreeMegabyteBombDeclaringThreeGibibytesIsRefusedByNameBeforeInflating()
      throws IOException {
    Path bomb =
        new ZipBombs()
            .zeros("state.json", 3072, THREE_GIB)
            .manifest("fmt", "state.json", new byte[0])
            .writeTo(dir.resolve("snapshot_iter_9"));

    assertThat(Files.size(bomb)).isBetween(1L << 20, 4L << 20);
    assertThatThrownBy(() -> ChecksummedZip.read(bomb, "fmt", 1, 1L << 30))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageStartingWith(bomb.toString())
        .hasMessageContaining("declare more than 1073741824 bytes")
        .hasMessageContaining("'state.json' declares 3221225472");
  }

  @Test
  void aBombUnderstatingItsSizeStopsInflatingJustPastTheDeclaredSize() throws IOException {
    Path bomb =
        new ZipBombs()
            .zeros("state.json", 3072, 1000)
            .manifest("fmt", "state.json", new byte[1000])
            .writeTo(dir.resolve("liar.zip"));

    assertThatThrownBy(() -> ChecksummedZip.read(bomb, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageStartingWith(bomb.toString())
        .hasMessageContaining("entry 'state.json' inflates to more than the 1000 bytes");
  }

  @Test
  void anEntryInflatingToLessThanItDeclaresIsCorrupt() throws IOException {
    Path file =
        new ZipBombs()
            .zeros("state.json", 1, 3 << 20)
            .manifest("fmt", "state.json", new byte[1 << 20])
            .writeTo(dir.resolve("short.zip"));

    assertThatThrownBy(() -> ChecksummedZip.read(file, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("'state.json' inflates to 1048576 bytes but")
        .hasMessageContaining("declares 3145728");
  }

  @Test
  void theManifestIsCheckedBeforeAnyOtherEntryIsInflated() throws IOException {
    Path bomb =
        new ZipBombs()
            .zeros("state.json", 3072, 1000)
            .manifest("other-format", "state.json", new byte[1000])
            .writeTo(dir.resolve("other.zip"));

    assertThatThrownBy(() -> ChecksummedZip.read(bomb, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("'other-format 1' archive, expected 'fmt'");
  }

  @Test
  void aValidArchiveOverAnExplicitCapIsRefusedAndUnderItIsRead() throws IOException {
    byte[] content = "12345678".getBytes(StandardCharsets.UTF_8);
    Path file =
        new ZipBombs()
            .stored("a.bin", content)
            .manifest("fmt", "a.bin", content)
            .writeTo(dir.resolve("small.zip"));
    long total = content.length + Files.size(file); // generous: entries plus the manifest

    assertThat(ChecksummedZip.read(file, "fmt", 1, total).require("a.bin")).isEqualTo(content);
    assertThatThrownBy(() -> ChecksummedZip.read(file, "fmt", 1, content.length))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("declare more than 8 bytes");
  }

  @Test
  void theDefaultCapIsHalfTheMaximumHeap() {
    assertThat(ChecksummedZip.defaultMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
  }
}
