package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedZipTest {

  @TempDir Path dir;

  @Test
  void readsBackWhatWasWritten() throws IOException {
    Path file = write(dir.resolve("a.zip"), "fmt", 1);

    ChecksummedZip.Contents contents = ChecksummedZip.read(file, "fmt", 1);

    assertThat(contents.version()).isEqualTo(1);
    assertThat(contents.entries().keySet()).containsExactly("one.txt", "dir/two.bin");
    assertThat(contents.require("dir/two.bin")).containsExactly(1, 2, 3);
  }

  @Test
  void changedContentIsAChecksumMismatchNamingFileAndEntry() throws IOException {
    Path file = write(dir.resolve("a.zip"), "fmt", 1);
    Path corrupt = dir.resolve("corrupt.zip");
    Files.write(corrupt, rezip(Files.readAllBytes(file), "dir/two.bin", new byte[] {1, 2, 4}));

    assertThatThrownBy(() -> ChecksummedZip.read(corrupt, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining(corrupt.toString())
        .hasMessageContaining("checksum mismatch in entry 'dir/two.bin'");
  }

  @Test
  void aTruncatedFileIsNotAReadableZip() throws IOException {
    Path file = write(dir.resolve("t.zip"), "fmt", 1);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> ChecksummedZip.read(file, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a readable zip");
  }

  @Test
  void aZipWithoutManifestIsRejected() throws IOException {
    Path file = dir.resolve("plain.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("state.json"));
      zip.write("{}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    assertThatThrownBy(() -> ChecksummedZip.read(file, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("no MANIFEST.sha256");
  }

  @Test
  void anEntryTheManifestDoesNotListIsRejected() throws IOException {
    Path file = write(dir.resolve("a.zip"), "fmt", 1);
    Path extra = dir.resolve("extra.zip");
    Files.write(extra, rezip(Files.readAllBytes(file), "smuggled.bin", new byte[] {1}));

    assertThatThrownBy(() -> ChecksummedZip.read(extra, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("smuggled.bin")
        .hasMessageContaining("not listed in the manifest");
  }

  @Test
  void anEntryListedButAbsentIsReportedMissing() throws IOException {
    Path file = write(dir.resolve("a.zip"), "fmt", 1);
    Path missing = dir.resolve("missing.zip");
    Files.write(missing, rezip(Files.readAllBytes(file), "one.txt", null));

    assertThatThrownBy(() -> ChecksummedZip.read(missing, "fmt", 1))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("entry 'one.txt' listed in the manifest is missing");
  }

  @Test
  void anotherFormatOrANewerVersionIsRejectedByName() throws IOException {
    Path other = write(dir.resolve("other.zip"), "something-else", 1);
    Path newer = write(dir.resolve("newer.zip"), "fmt", 7);

    assertThatThrownBy(() -> ChecksummedZip.read(other, "fmt", 1))
        .hasMessageContaining("'something-else 1' archive, expected 'fmt'");
    assertThatThrownBy(() -> ChecksummedZip.read(newer, "fmt", 1))
        .hasMessageContaining("format version 7");
  }

  private static Path write(Path file, String format, int version) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          ChecksummedZip.Writer w = new ChecksummedZip.Writer(out, format, version);
          w.put("one.txt", "1".getBytes(StandardCharsets.UTF_8));
          w.put("dir/two.bin", new byte[] {1, 2, 3});
          w.finish();
        });
    return file;
  }

  /** Copies a zip, replacing (or adding, or with null removing) entry {@code name}. */
  private static byte[] rezip(byte[] zipBytes, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean seen = false;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(name)) {
          seen = true;
          bytes = content;
        }
        if (bytes != null) {
          zip.putNextEntry(new ZipEntry(e.getName()));
          zip.write(bytes);
          zip.closeEntry();
        }
      }
      if (!seen && content != null) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
