package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageFolderDatasetTest {

  @TempDir Path root;

  /** A {@code width x height} image: red left quarter, green middle half, blue right quarter. */
  private static BufferedImage bands(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 4, height);
    g.setColor(Color.GREEN);
    g.fillRect(width / 4, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(3 * width / 4, 0, width - 3 * width / 4, height);
    g.dispose();
    return image;
  }

  private static BufferedImage plain(Color color, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return image;
  }

  private Path save(BufferedImage image, String format, String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
    return file;
  }

  @Test
  void numbersClassesBySortedFolderNameAndListsTheirImages() throws Exception {
    save(plain(Color.WHITE, 8), "png", "zebra/a.png");
    save(plain(Color.BLACK, 8), "jpg", "ant/b.JPG");
    save(plain(Color.BLACK, 8), "png", "ant/nested/c.png");
    Files.writeString(root.resolve("ant/.DS_Store"), "hidden files are skipped");
    Files.writeString(root.resolve("README.txt"), "files beside the class folders are ignored");

    ImageFolderDataset data = ImageFolderDataset.builder(root).size(4).build();

    assertThat(data.classNames()).containsExactly("ant", "zebra");
    assertThat(data.size()).isEqualTo(3);
    assertThat(data.labelWidth()).isEqualTo(2);
    assertThat(data.fileOf(0)).isEqualTo(root.resolve("ant/b.JPG"));
    assertThat(data.classOf(2)).isEqualTo(1);
    assertThat(data.describe()).contains("3 images, 2 classes, 4x4 RGB");
  }

  @Test
  void decodesCentreCropsAndResizesToTheTargetSizeAsRgbInUnitRange() throws Exception {
    save(bands(40, 20), "png", "wide/x.png");
    save(plain(new Color(255, 0, 255), 30), "png", "square/y.png");

    ImageFolderDataset data = ImageFolderDataset.builder(root).size(10).build();
    Batch batch = data.get(new int[] {1, 0});
    INDArray x = batch.features();

    assertThat(x.shape()).containsExactly(2, 3, 10, 10);
    // The centre square of the 40x20 bands is the green half: no red or blue survives the crop.
    assertThat(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue())
        .isEqualTo(100.0);
    assertThat(x.getFloat(0, 1, 0, 0)).isEqualTo(1.0f);
    assertThat(x.getFloat(1, 0, 5, 5)).isEqualTo(1.0f);
    assertThat(x.getFloat(1, 1, 5, 5)).isEqualTo(0.0f);
    assertThat(x.getFloat(1, 2, 5, 5)).isEqualTo(1.0f);
    assertThat(batch.labels().argMax(1).toIntVector()).containsExactly(1, 0);
  }

  @Test
  void flatLayoutAndNonSquareTargets() throws Exception {
    save(plain(Color.GRAY, 12), "bmp", "only/z.bmp");

    ImageFolderDataset data =
        ImageFolderDataset.builder(root).size(6, 4).layout(ImageLayout.FLAT).build();

    assertThat(data.exampleShape()).containsExactly(72);
    assertThat(data.get(new int[] {0}).features().shape()).containsExactly(1, 72);
  }

  @Test
  void cropKeepsTheCentreOfATallImage() {
    BufferedImage tall = new BufferedImage(10, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = tall.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 10, 10, 10);
    g.dispose();

    BufferedImage out = ImageFolderDataset.cropAndResize(tall, 5, 5);

    assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(out.getRGB(4, 4) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  void nonImageFileWithAnImageNameFailsAtBuildNamingTheFile() throws Exception {
    save(plain(Color.RED, 4), "png", "cats/good.png");
    Path bad = root.resolve("cats/bad.jpg");
    Files.writeString(bad, "not a jpeg");

    assertThatThrownBy(() -> ImageFolderDataset.builder(root).build())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(bad + ": is not an image ImageIO can decode");
  }

  @Test
  void withoutVerificationABadImageFailsTheBatchNamingFileAndIndex() throws Exception {
    save(plain(Color.RED, 4), "png", "cats/a-good.png");
    Path bad = root.resolve("cats/b-bad.png");
    Files.write(bad, new byte[] {1, 2, 3});
    ImageFolderDataset data = ImageFolderDataset.builder(root).size(4).verifyFiles(false).build();

    assertThat(data.get(new int[] {0}).size()).isEqualTo(1);
    assertThatThrownBy(() -> data.get(new int[] {0, 1}))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(bad.toString())
        .asInstanceOf(type(DatasetFormatException.class))
        .satisfies(e -> assertThat(e.index()).hasValue(1));
  }

  @Test
  void fileWithANonImageExtensionInAClassFolderIsNamed() throws Exception {
    save(plain(Color.RED, 4), "png", "cats/a.png");
    Path notes = root.resolve("cats/notes.txt");
    Files.writeString(notes, "hello");

    assertThatThrownBy(() -> ImageFolderDataset.builder(root).build())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(notes + ": is not an image file")
        .hasMessageContaining("bmp, gif, jpeg, jpg, png");
  }

  @Test
  void emptyClassFolderIsNamed() throws Exception {
    save(plain(Color.RED, 4), "png", "cats/a.png");
    Files.createDirectories(root.resolve("dogs"));

    assertThatThrownBy(() -> ImageFolderDataset.builder(root).build())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(root.resolve("dogs") + ": is an empty class folder (no images)");
  }

  @Test
  void aClassFolderMayBeALinkToADirectoryOfImages() throws Exception {
    save(plain(Color.RED, 4), "png", "cats/a.png");
    save(plain(Color.BLUE, 4), "png", ".store/b.png");
    Files.createSymbolicLink(root.resolve("dogs"), root.resolve(".store"));

    ImageFolderDataset data = ImageFolderDataset.builder(root).size(4).build();

    assertThat(data.classNames()).containsExactly("cats", "dogs");
    assertThat(data.size()).isEqualTo(2);
  }

  @Test
  void anImageSizeTooLargeForOneArrayIsRefusedNamingTheSize() {
    assertThatThrownBy(() -> ImageFolderDataset.builder(root).size(30000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30000 x 30000");
  }

  @Test
  void missingRootAndRootWithoutClassFoldersAreReported() {
    Path missing = root.resolve("missing");

    assertThatThrownBy(() -> ImageFolderDataset.builder(missing).build())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(missing + ": does not exist");
    assertThatThrownBy(() -> ImageFolderDataset.builder(root).build())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("has no class folders");
  }
}
