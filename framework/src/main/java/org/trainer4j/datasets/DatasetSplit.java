package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dataset divided into disjoint training and validation parts by a seeded random permutation: the
 * same seed always gives the same split. The parts are {@link SubsetDataset} views, so nothing is
 * copied.
 *
 * @param train the examples to train on
 * @param validation the held-out examples
 */
public record DatasetSplit(Dataset train, Dataset validation) {

  public DatasetSplit {
    Preconditions.checkNotNull(train, "train");
    Preconditions.checkNotNull(validation, "validation");
  }

  /** Holds out {@code validationFraction} of {@code dataset} (rounded, at least one example). */
  public static DatasetSplit of(Dataset dataset, double validationFraction, long seed) {
    Preconditions.checkNotNull(dataset, "dataset");
    Preconditions.checkArgument(
        validationFraction > 0 && validationFraction < 1,
        "validationFraction must be in (0, 1): %s",
        validationFraction);
    int size = (int) Math.round(dataset.size() * validationFraction);
    return ofSize(dataset, Math.max(1, Math.min(dataset.size() - 1, size)), seed);
  }

  /** Holds out exactly {@code validationSize} examples of {@code dataset}. */
  public static DatasetSplit ofSize(Dataset dataset, int validationSize, long seed) {
    Preconditions.checkNotNull(dataset, "dataset");
    int n = dataset.size();
    Preconditions.checkArgument(
        n >= 2, "a split needs at least 2 examples, one per part; the dataset has %s", n);
    Preconditions.checkArgument(
        validationSize > 0 && validationSize < n,
        "validationSize must be in [1, %s) for a dataset of %s examples: %s",
        n,
        n,
        validationSize);
    int[] order = permutation(n, seed);
    int[] validation = Arrays.copyOfRange(order, 0, validationSize);
    int[] train = Arrays.copyOfRange(order, validationSize, n);
    // Sorted indices keep each part in dataset order, which reads memory sequentially.
    Arrays.sort(validation);
    Arrays.sort(train);
    String seedText = " split with seed " + seed;
    return new DatasetSplit(
        SubsetDataset.of(dataset, train, "train" + seedText),
        SubsetDataset.of(dataset, validation, "validation" + seedText));
  }

  private static int[] permutation(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
