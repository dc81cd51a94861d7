package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;

/**
 * The training set as one rank of a multi-process job reads it: the same examples, size and order
 * as the whole dataset, so the iterator's epochs, positions and snapshots stay global, but a batch
 * of {@code n} indices assembles only this rank's rows {@code [n r / N, n (r + 1) / N)}. Wrap the
 * training set of a {@code DistributedUpdater} in it and each process loads (and augments) only its
 * shard of every global batch; do not wrap evaluation sets (the {@code Evaluator} shards those
 * itself).
 */
public final class RankShardedDataset extends ForwardingDataset {

  private final int rank;
  private final int size;

  private RankShardedDataset(Dataset dataset, int rank, int size) {
    super(dataset);
    this.rank = rank;
    this.size = size;
  }

  /** {@code dataset} as read by {@code communicator}'s rank. */
  public static Dataset of(Dataset dataset, Communicator communicator) {
    Preconditions.checkNotNull(dataset, "dataset");
    Preconditions.checkNotNull(communicator, "communicator");
    return communicator.size() == 1
        ? dataset
        : new RankShardedDataset(dataset, communicator.rank(), communicator.size());
  }

  @Override
  public Batch get(int[] indices) {
    return delegate().get(mine(indices));
  }

  /** This rank's rows, with their epochs, so per-example augmentation draws what it would whole. */
  @Override
  public Batch get(int[] indices, int[] epochs) {
    Preconditions.checkArgument(
        indices.length == epochs.length,
        "indices and epochs differ in length: %s and %s",
        indices.length,
        epochs.length);
    return delegate().get(mine(indices), mine(epochs));
  }

  private int[] mine(int[] all) {
    int n = all.length;
    int from = (int) ((long) n * rank / size);
    int to = (int) ((long) n * (rank + 1) / size);
    Preconditions.checkArgument(
        to > from, "a batch of %s examples leaves rank %s of %s without rows", n, rank, size);
    return Arrays.copyOfRange(all, from, to);
  }

  @Override
  public String describe() {
    return delegate().describe() + ", rank " + rank + "'s rows of each batch of " + size + " ranks";
  }
}
