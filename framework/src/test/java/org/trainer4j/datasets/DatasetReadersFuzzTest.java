package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.Fuzzing;

/**
 * Every mutated IDX, CIFAR or image file ends in a valid dataset or a {@link
 * DatasetFormatException}: never another exception, an {@code OutOfMemoryError} (this suite runs
 * under a 256 MiB heap) or a hang. See {@link Fuzzing} for the seed and the flag for longer runs.
 */
@Tag("fuzz")
class DatasetReadersFuzzTest {

  private static final List<Class<? extends Exception>> DOCUMENTED =
      List.of(DatasetFormatException.class);

  @TempDir Path dir;

  @Test
  void idxFilesRawAndGzippedReadOrFailWithADatasetFormatException() throws Exception {
    byte[] images = IdxTestFiles.images(6, 4, 4);
    byte[] labels = IdxTestFiles.labels(0, 1, 2, 0, 1, 2);
    Path labelFile = IdxTestFiles.write(dir.resolve("labels"), labels);
    Path file = dir.resolve("images");

    Fuzzing.Report report =
        Fuzzing.run(
            "idx",
            List.of(images, gzip(images), labels, gzip(labels)),
            800,
            DOCUMENTED,
            input -> {
              Files.write(file, input);
              IdxArray array = IdxReader.read(file);
              array.toFloats(1);
              IdxDatasets.of(array, IdxReader.read(labelFile), 3, ImageLayout.CHANNELS_FIRST, null);
            });

    assertBothOutcomes(report);
  }

  @Test
  void cifar10FilesReadOrFailWithADatasetFormatException() throws Exception {
    Path file = dir.resolve("test_batch.bin");

    Fuzzing.Report report =
        Fuzzing.run(
            "cifar10",
            List.of(cifarRecords(3, 1)),
            200,
            DOCUMENTED,
            input -> {
              Files.write(file, input);
              CifarDatasets.cifar10(dir, CifarDatasets.Split.TEST, ImageLayout.CHANNELS_FIRST);
            });

    assertBothOutcomes(report);
  }

  @Test
  void cifar100FilesReadOrFailWithADatasetFormatException() throws Exception {
    Path file = dir.resolve("test.bin");

    Fuzzing.Report report =
        Fuzzing.run(
            "cifar100",
            List.of(cifarRecords(2, 2)),
            200,
            DOCUMENTED,
            input -> {
              Files.write(file, input);
              CifarDatasets.cifar100(
                  dir,
                  CifarDatasets.Split.TEST,
                  CifarDatasets.Cifar100Labels.COARSE,
                  ImageLayout.FLAT);
            });

    assertBothOutcomes(report);
  }

  @Test
  void imageFilesDecodeOrFailWithADatasetFormatException() throws Exception {
    List<String> formats = List.of("png", "jpg", "bmp", "gif");
    List<byte[]> seeds = formats.stream().map(DatasetReadersFuzzTest::encoded).toList();
    Path root = dir.resolve("images");
    Path ok = Files.createDirectories(root.resolve("a"));
    Files.write(ok.resolve("valid.png"), seeds.get(0));
    Path fuzzed = Files.createDirectories(root.resolve("b"));

    Fuzzing.Report report =
        Fuzzing.run(
            "images",
            seeds,
            300,
            DOCUMENTED,
            input -> {
              // the format is sniffed from the content, so one name serves every seed
              Files.write(fuzzed.resolve("x.png"), input);
              ImageFolderDataset data =
                  ImageFolderDataset.builder(root).size(8).maxPixels(1 << 20).build();
              data.get(IntStream.range(0, data.size()).toArray());
            });

    assertBothOutcomes(report);
  }

  /** A fuzz run where every input is rejected (or accepted) would test nothing. */
  private static void assertBothOutcomes(Fuzzing.Report report) {
    assertThat(report.accepted()).as("inputs read as valid").isPositive();
    assertThat(report.rejectedTotal()).as("inputs rejected").isPositive();
  }

  private static byte[] cifarRecords(int records, int labelBytes) {
    int record = labelBytes + CifarDatasets.PIXELS;
    byte[] out = new byte[records * record];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (i % record < labelBytes ? i % 7 : i * 31);
    }
    return out;
  }

  private static byte[] encoded(String format) {
    BufferedImage image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(2, 3, 6, 5);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).isTrue();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
