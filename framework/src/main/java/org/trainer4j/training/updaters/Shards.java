package org.trainer4j.training.updaters;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.parallel.CollectiveLayer;
import org.trainer4j.parallel.Communicator;

/** What the data-parallel updaters share: a member's rows of a batch, bindings, mean results. */
final class Shards {

  private Shards() {}

  /** Rows {@code [rank * shard, (rank + 1) * shard)} of {@code batch}, copied. */
  static Batch rows(Batch batch, int rank, int shard) {
    return new Batch(rows(batch.features(), rank, shard), rows(batch.labels(), rank, shard));
  }

  /**
   * Binds the model's collective layers (synchronized BN) to {@code communicator}; null unbinds.
   */
  static void bind(Model model, Communicator communicator) {
    for (CollectiveLayer layer : model.layers(CollectiveLayer.class)) {
      layer.setCommunicator(communicator);
    }
  }

  /** The members' mean loss and accuracy, reported for the whole batch of {@code batchSize}. */
  static StepResult mean(List<StepResult> results, int batchSize) {
    double loss = results.stream().mapToDouble(StepResult::loss).average().orElse(Double.NaN);
    double accuracy =
        results.stream().allMatch(StepResult::hasAccuracy)
            ? results.stream().mapToDouble(StepResult::accuracy).average().orElse(Double.NaN)
            : Double.NaN;
    return new StepResult(loss, accuracy, batchSize);
  }

  private static INDArray rows(INDArray array, int rank, int shard) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval((long) rank * shard, (long) (rank + 1) * shard);
    for (int i = 1; i < index.length; i++) {
      index[i] = NDArrayIndex.all();
    }
    return array.get(index).dup();
  }
}
