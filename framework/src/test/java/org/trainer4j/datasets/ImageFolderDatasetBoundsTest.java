package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.Allocations;
import org.trainer4j.testing.Allocations.Measured;

/** Image headers declaring huge sizes are refused before the decoder allocates the raster. */
class ImageFolderDatasetBoundsTest {

  @TempDir Path root;

  @Test
  void aPngDeclaring100000By100000PixelsFailsByNameWithoutAllocatingTheRaster() throws Exception {
    Path file = png("cats/huge.png", 4, 4);
    patchPngSize(file, 100_000, 100_000);
    ImageFolderDataset data = ImageFolderDataset.builder(root).size(4).build();

    Measured get = Allocations.during(() -> data.get(new int[] {0}));

    assertThat(get.thrown())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(file + ": declares 100000x100000 pixels")
        .hasMessageContaining("1 to 67108864")
        .hasMessageContaining("(example 0)");
    assertThat(get.bytes()).isLessThan(16L << 20);
  }

  @Test
  void theCapIsConfigurableAndImagesWithinItDecode() throws Exception {
    png("cats/three.png", 3, 3);
    png("dogs/two.png", 2, 2);
    ImageFolderDataset data = ImageFolderDataset.builder(root).size(2).maxPixels(4).build();

    assertThat(data.get(new int[] {1}).features().shape()).containsExactly(1, 3, 2, 2);
    assertThatThrownBy(() -> data.get(new int[] {0}))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("three.png: declares 3x3 pixels; images may have 1 to 4");
  }

  @Test
  void aNonPositiveCapIsRefused() {
    assertThatThrownBy(() -> ImageFolderDataset.builder(root).maxPixels(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels must be positive: 0");
  }

  private Path png(String relative, int width, int height) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    return file;
  }

  /** Rewrites the width and height in the IHDR chunk (bytes 16-23) and its CRC. */
  private static void patchPngSize(Path file, int width, int height) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(bytes, 12, 4 + 13); // chunk type and data
    b.putInt(29, (int) crc.getValue());
    Files.write(file, bytes);
  }
}
