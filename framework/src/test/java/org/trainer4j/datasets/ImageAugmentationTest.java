package org.trainer4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ImageAugmentationTest {

  /**
   * n one-channel 5x5 images, each with a single lit pixel at row 2, column 1, labelled by index.
   */
  private static ArrayDataset dots(int n) {
    INDArray x = Nd4j.zeros(DataType.FLOAT, n, 1, 5, 5);
    for (int i = 0; i < n; i++) {
      x.putScalar(new long[] {i, 0, 2, 1}, 1f);
    }
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = i % 3;
    }
    return ArrayDataset.of(x, ArrayDataset.oneHot(classes, 3));
  }

  private static long[] litPixel(INDArray image) {
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        if (image.getFloat(0, y, x) != 0f) {
          return new long[] {y, x};
        }
      }
    }
    return null;
  }

  @Test
  void mirroringAloneLeavesEachImageAsItIsOrFlipsItLeftToRight() {
    Dataset augmented = new ImageAugmentation(true, 0).apply(dots(200), 7);

    Batch batch = augmented.get(IntStream.range(0, 200).toArray());

    int mirrored = 0;
    for (int i = 0; i < 200; i++) {
      long[] p = litPixel(batch.features().get(NDArrayIndex.point(i)));
      assertThat(p).as("image %s", i).isIn(new long[] {2, 1}, new long[] {2, 3});
      mirrored += p[1] == 3 ? 1 : 0;
    }
    assertThat(mirrored).isBetween(70, 130); // half of 200, give or take three sigma
  }

  @Test
  void shiftsMoveImagesByAtMostMaxShiftAndFillTheBorderWithZeros() {
    Dataset augmented = new ImageAugmentation(false, 1).apply(dots(300), 3);

    Batch batch = augmented.get(IntStream.range(0, 300).toArray());

    Set<String> offsets = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      INDArray image = batch.features().get(NDArrayIndex.point(i));
      assertThat(image.sumNumber().doubleValue()).isEqualTo(1.0); // the dot stays inside 5x5
      long[] p = litPixel(image);
      offsets.add((p[0] - 2) + "," + (p[1] - 1));
    }
    // All nine moves of at most one pixel occur, and no other.
    assertThat(offsets)
        .containsExactlyInAnyOrder(
            "-1,-1", "-1,0", "-1,1", "0,-1", "0,0", "0,1", "1,-1", "1,0", "1,1");
  }

  @Test
  void eachExampleGetsTheSameChangesHoweverTheBatchesAreCut() {
    ImageAugmentation aug = ImageAugmentation.flipAndShift(2);
    Dataset a = aug.apply(dots(6), 11);
    Dataset b = aug.apply(dots(6), 11);

    INDArray together = a.get(new int[] {4, 1}).features();
    INDArray one = b.get(new int[] {1}).features();
    INDArray four = b.get(new int[] {4}).features();

    assertThat(together.get(NDArrayIndex.point(0))).isEqualTo(four.get(NDArrayIndex.point(0)));
    assertThat(together.get(NDArrayIndex.point(1))).isEqualTo(one.get(NDArrayIndex.point(0)));
  }

  @Test
  void eachEpochChangesAnExampleAnewAndLabelsNever() {
    ArrayDataset base = dots(1);
    Dataset augmented = ImageAugmentation.flipAndShift(2).apply(base, 5);

    Set<String> seen = new HashSet<>();
    for (int epoch = 0; epoch < 20; epoch++) {
      Batch batch = augmented.get(new int[] {0}, new int[] {epoch});
      assertThat(batch.labels()).isEqualTo(base.get(new int[] {0}).labels());
      long[] p = litPixel(batch.features().get(NDArrayIndex.point(0)));
      seen.add(p == null ? "outside" : p[0] + "," + p[1]);
    }
    assertThat(seen).hasSizeGreaterThan(5);
  }

  @Test
  void theChangesDependOnTheEpochNotOnHowOftenTheExampleWasAssembledBefore() {
    Dataset augmented = ImageAugmentation.flipAndShift(2).apply(dots(4), 5);
    Dataset fresh = ImageAugmentation.flipAndShift(2).apply(dots(4), 5);
    for (int k = 0; k < 5; k++) {
      augmented.get(new int[] {3, 2}, new int[] {0, 1}); // earlier draws leave no trace
    }

    assertThat(augmented.get(new int[] {2, 3}, new int[] {1, 0}).features())
        .isEqualTo(fresh.get(new int[] {2, 3}, new int[] {1, 0}).features());
  }

  @Test
  void anotherSeedGivesOtherChanges() {
    ImageAugmentation aug = ImageAugmentation.flipAndShift(2);
    int[] all = IntStream.range(0, 50).toArray();

    INDArray first = aug.apply(dots(50), 1).get(all).features();
    INDArray second = aug.apply(dots(50), 2).get(all).features();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void refusesExamplesThatAreNotImagesNamingTheShape() {
    ArrayDataset flat =
        ArrayDataset.of(Nd4j.zeros(DataType.FLOAT, 4, 25), ArrayDataset.oneHot(new int[4], 2));

    assertThatThrownBy(() -> ImageAugmentation.flipAndShift(1).apply(flat, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[channels, height, width]")
        .hasMessageContaining("[25]");
  }

  @Test
  void aNegativeShiftIsRefused() {
    assertThatThrownBy(() -> new ImageAugmentation(true, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxShift");
  }

  @Test
  void aShiftWhoseRangeEndDoesNotFitAnIntIsRefusedAtConstruction() {
    assertThatThrownBy(() -> new ImageAugmentation(false, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxShift must be less than 2147483647");
  }

  @Test
  void theLargestShiftMovesTheImageOutOfTheFrame() {
    Dataset augmented = new ImageAugmentation(false, Integer.MAX_VALUE - 1).apply(dots(1), 3);

    assertThat(augmented.get(new int[] {0}).features().sumNumber().floatValue()).isZero();
  }
}
