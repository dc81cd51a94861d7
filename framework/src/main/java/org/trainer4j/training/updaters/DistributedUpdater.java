package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.CollectiveAbortedException;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.PeerFailedException;
import org.trainer4j.parallel.ReduceOp;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.ProbeStep;

/**
 * Data-parallel training across the members of a {@link Communicator}, typically MPI processes on
 * one or many machines (ChainerMN's multi-node optimizer). Every member runs the same script with
 * the same seeds, so every member's iterator serves the same global batch; member {@code r}
 * computes the gradient of rows {@code [r * B/N, (r + 1) * B/N)}, one in-place allreduce of the
 * flat gradient averages them, and every member applies the same update, so parameters stay
 * identical without being sent. Before the first step (and after a snapshot was loaded) rank 0's
 * parameters and optimizer state are broadcast; every {@code checkEvery} steps a two-number
 * checksum of the parameters is compared across members, and members that drifted apart are
 * re-synchronized from rank 0 (counted by {@link #resynchronizations()}).
 *
 * <p>{@code main/loss} and {@code main/accuracy} are the means over members, i.e. over the global
 * batch. Iterator state and epoch accounting are the global ones, identical on every member, so a
 * snapshot taken on rank 0 resumes with any member count that divides the batch size (a single
 * process with {@link StandardUpdater} included). A member that fails aborts the whole job through
 * {@link Communicator#abort}, so the others never wait for it.
 */
public final class DistributedUpdater extends ShardedUpdater {

  private static final Logger LOG = LoggerFactory.getLogger(DistributedUpdater.class);

  private final Communicator communicator;
  private final int checkEvery;
  private boolean synchronizedState;
  private long resynchronizations;

  private DistributedUpdater(Builder b) {
    super(b.iterator, b.optimizer);
    this.communicator = b.communicator;
    this.checkEvery = b.checkEvery;
  }

  /** A builder for an updater over {@code iterator} and {@code optimizer} (both {@code main}). */
  public static Builder builder(
      BatchIterator iterator, Optimizer optimizer, Communicator communicator) {
    return new Builder(iterator, optimizer, communicator);
  }

  @Override
  protected void beforeUpdate() {
    if (!synchronizedState) {
      broadcastFromRoot();
      synchronizedState = true;
    }
  }

  @Override
  protected StepResult updateCore(Batch batch) {
    try {
      StepResult result =
          synchronousStep(
              getOptimizer().getModel(),
              batch,
              getIterator().getBatchSize(),
              false,
              shardListeners().isEmpty() ? null : shardListeners());
      if ((getIteration() + 1) % checkEvery == 0) {
        checkIdentical();
      }
      return result;
    } catch (CollectiveAbortedException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      communicator.abort(e);
      throw e;
    }
  }

  /**
   * This process's part of the job's step on {@code copy}: its shard's gradient, the allreduce
   * through the job's communicator, the update. Every member must call it alike. A member whose
   * shard fails (out of memory, say) still takes part in the step's collectives and says so, so
   * that every member fails that step together (the others with {@link PeerFailedException})
   * instead of waiting for it; the job is not aborted, since a probe may fail.
   */
  @Override
  public ProbeStep probeStep(Model copy) {
    Preconditions.checkNotNull(copy, "copy");
    return (batch, batchSize) -> synchronousStep(copy, batch, batchSize, true, null);
  }

  /**
   * The step; with {@code listeners}, this member's squared gradient norm rides along in the step's
   * allreduce of loss and accuracy (no collective more), and the listeners get the norms once every
   * member contributed one.
   */
  private StepResult synchronousStep(
      Model model,
      Batch batch,
      int global,
      boolean agreeOnFailure,
      List<ShardGradientListener> listeners) {
    int members = communicator.size();
    Preconditions.checkArgument(
        global % members == 0,
        "the batch of %s examples cannot be split evenly across %s processes: use a batch size"
            + " divisible by %s",
        global,
        members,
        members);
    int shard = global / members;
    StepResult local = new StepResult(0, 0, shard);
    Throwable failed = null;
    try {
      Batch mine = ownRows(batch, global, shard);
      Shards.bind(model, communicator);
      try {
        local = model.computeGradients(mine);
      } finally {
        Shards.bind(model, null);
      }
    } catch (RuntimeException | Error e) {
      if (!agreeOnFailure) {
        throw e;
      }
      failed = e;
    }
    INDArray gradient =
        failed == null
            ? model.gradients()
            : Nd4j.zeros(model.params().dataType(), model.params().length());
    boolean norms = listeners != null && failed == null;
    double squared = norms ? ShardGradientNorms.ofMeanGradient(model, shard) : 0;
    communicator.allReduceSum(gradient);
    double[] sums =
        communicator.allReduce(
            new double[] {
              local.loss(), local.accuracy(), failed == null ? 0 : 1, squared, norms ? 1 : 0
            },
            ReduceOp.SUM);
    if (sums[2] > 0) {
      throw failedTogether(failed, (int) sums[2]);
    }
    gradient.divi(members);
    if (norms && members >= 2 && sums[4] == members) {
      double combined = ShardGradientNorms.ofMeanGradient(model, shard);
      ShardGradientNorms measured =
          new ShardGradientNorms(shard, members, sums[3] / members, combined);
      listeners.forEach(l -> l.shardGradients(measured));
    }
    model.applyGradients(shard);
    return new StepResult(sums[0] / members, sums[1] / members, global);
  }

  /** This member's own failure, or, if it did not fail, word that others did. */
  private static RuntimeException failedTogether(Throwable own, int failedMembers) {
    if (own instanceof Error e) {
      throw e;
    }
    return own instanceof RuntimeException e
        ? e
        : new PeerFailedException(failedMembers, "the probe step");
  }

  /**
   * This rank's rows: cut from the global batch, or the batch itself when the iterator's dataset is
   * a {@link org.trainer4j.parallel.RankShardedDataset}, which assembles only these rows.
   */
  private Batch ownRows(Batch batch, int global, int shard) {
    if (batch.size() == global) {
      return Shards.rows(batch, communicator.rank(), shard);
    }
    Preconditions.checkArgument(
        batch.size() == shard,
        "the iterator served %s examples; expected its batch size %s, or this rank's %s rows of it"
            + " (RankShardedDataset)",
        batch.size(),
        global,
        shard);
    return batch;
  }

  @Override
  public int batchSizeMultiple() {
    return communicator.size();
  }

  @Override
  public int shardCount() {
    return communicator.size();
  }

  @Override
  public Communicator communicator() {
    return communicator;
  }

  /** How often members were found to differ and were re-synchronized from rank 0. */
  public long resynchronizations() {
    return resynchronizations;
  }

  @Override
  public void serialize(Serializer s) {
    super.serialize(s);
    if (s.isLoading()) {
      synchronizedState = false; // a member that could not load keeps nothing of its own
    }
  }

  private void checkIdentical() {
    INDArray params = getOptimizer().getModel().params();
    double sum = params.sumNumber().doubleValue();
    double norm = params.norm2Number().doubleValue();
    // One collective: the maxima of (x, -x) are the maximum and minus the minimum.
    double[] max = communicator.allReduce(new double[] {sum, norm, -sum, -norm}, ReduceOp.MAX);
    if (max[0] != -max[2] || max[1] != -max[3]) {
      resynchronizations++;
      LOG.warn(
          "processes' parameters differ after step {} (sum {}..{}); re-broadcasting rank 0's",
          getIteration() + 1,
          -max[2],
          max[0]);
      broadcastFromRoot();
    }
  }

  private void broadcastFromRoot() {
    long iteration = getIteration();
    double[] max = communicator.allReduce(new double[] {iteration, -iteration}, ReduceOp.MAX);
    if (max[0] != -max[1]) {
      throw new IllegalStateException(
          String.format(
              "processes start at different iterations (%d to %d; this is rank %d at %d): every"
                  + " rank must load the same snapshot (put it on a shared filesystem)",
              (long) -max[1], (long) max[0], communicator.rank(), iteration));
    }
    Model model = getOptimizer().getModel();
    communicator.broadcast(model.params(), 0);
    INDArray state = model.updaterState();
    if (state != null) {
      communicator.broadcast(state, 0);
    }
  }

  /** Builds a {@link DistributedUpdater}. */
  public static final class Builder {
    private final BatchIterator iterator;
    private final Optimizer optimizer;
    private final Communicator communicator;
    private int checkEvery = 100;

    private Builder(BatchIterator iterator, Optimizer optimizer, Communicator communicator) {
      this.iterator = Preconditions.checkNotNull(iterator, "iterator");
      this.optimizer = Preconditions.checkNotNull(optimizer, "optimizer");
      this.communicator = Preconditions.checkNotNull(communicator, "communicator");
    }

    /** Steps between parameter checksums across processes (default 100). */
    public Builder checkEvery(int steps) {
      Preconditions.checkArgument(steps > 0, "checkEvery must be positive: %s", steps);
      this.checkEvery = steps;
      return this;
    }

    public DistributedUpdater build() {
      return new DistributedUpdater(this);
    }
  }
}
