package org.trainer4j.extensions.evaluation;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Accuracy;
import org.trainer4j.model.Metric;
import org.trainer4j.model.Model;
import org.trainer4j.model.Prediction;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.ReduceOp;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's Evaluator: runs a validation iterator through the model in evaluation mode (batch
 * normalization uses its running statistics, nothing is trained) and reports the mean loss and
 * accuracy, weighted by batch size, as {@code validation/main/loss} and {@code
 * validation/main/accuracy}. Both come from one forward pass per batch ({@link Model#predict}). The
 * iterator is reset before each evaluation and must not repeat; the model's mode is restored
 * afterwards and the training iterator is never touched.
 *
 * <p>In a multi-process job (the updater's {@link Communicator} has several ranks) every rank runs
 * the same validation iterator and evaluates its own rows of each batch; the sums are added up
 * across ranks, so every rank reports the result of the whole validation set (ChainerMN's
 * multi-node evaluator) for the cost of a shard.
 */
public final class Evaluator implements Extension {

  private final Metric accuracy = new Accuracy();
  private final BatchIterator iterator;
  private final Model target;
  private final String prefix;

  private Evaluator(BatchIterator iterator, Model target, String prefix) {
    Preconditions.checkNotNull(iterator, "iterator");
    Preconditions.checkArgument(
        !iterator.isRepeat(),
        "the validation iterator must not repeat, or an evaluation would never end;"
            + " build it with repeat(false)");
    Preconditions.checkArgument(
        prefix != null && !prefix.isEmpty(), "prefix must not be empty: '%s'", prefix);
    this.iterator = iterator;
    this.target = target;
    this.prefix = prefix;
  }

  /** Evaluates the main optimizer's model on {@code iterator}, reporting {@code validation/...}. */
  public static Evaluator of(BatchIterator iterator) {
    return new Evaluator(iterator, null, "validation");
  }

  /**
   * Evaluates {@code target} (null: the main optimizer's model), reporting under {@code prefix}.
   */
  public static Evaluator of(BatchIterator iterator, Model target, String prefix) {
    return new Evaluator(iterator, target, prefix);
  }

  /**
   * The mean loss and accuracy (NaN for a model that is not a classifier) over {@code examples}.
   */
  public record Result(double loss, double accuracy, long examples) {

    /** The result as observation entries under {@code prefix/main/}. */
    public Map<String, Double> asObservation(String prefix) {
      Map<String, Double> out = new LinkedHashMap<>();
      out.put(prefix + "/main/loss", loss);
      if (!Double.isNaN(accuracy)) {
        out.put(prefix + "/main/accuracy", accuracy);
      }
      return out;
    }
  }

  @Override
  public Trigger defaultTrigger() {
    return IntervalTrigger.epochs(1);
  }

  @Override
  public int defaultPriority() {
    return Priority.WRITER;
  }

  @Override
  public String defaultName() {
    return "validation";
  }

  @Override
  public void call(Trainer trainer) {
    Model model = target != null ? target : trainer.getUpdater().getOptimizer().getModel();
    evaluate(model, trainer.getUpdater().communicator())
        .asObservation(prefix)
        .forEach(trainer.getReporter()::report);
  }

  /** {@link #evaluate(Model, Communicator)} in a single process. */
  public Result evaluate(Model model) {
    return evaluate(model, Communicators.single());
  }

  /**
   * Runs one pass of the validation iterator through {@code model} in evaluation mode, rank {@code
   * r} of {@code communicator} taking its rows of each batch, and returns the result over all
   * ranks' rows. Every rank must call it.
   *
   * @throws IllegalStateException if the iterator yields no example
   */
  public Result evaluate(Model model, Communicator communicator) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(communicator, "communicator");
    iterator.reset();
    boolean wasTraining = model.isTraining();
    model.setTraining(false);
    double lossSum = 0;
    double correct = 0;
    long examples = 0;
    boolean classifier = true;
    try {
      while (iterator.hasNext()) {
        Batch batch = rowsOf(iterator.next(), communicator);
        if (batch == null) {
          continue;
        }
        int n = batch.size();
        Prediction prediction = model.predict(batch);
        lossSum += prediction.loss() * n;
        classifier &= accuracy.appliesTo(batch.labels());
        if (classifier) {
          correct += accuracy.sum(prediction.output(), batch.labels());
        }
        examples += n;
      }
    } finally {
      model.setTraining(wasTraining);
    }
    double[] sums =
        communicator.allReduce(
            new double[] {lossSum, correct, examples, classifier ? 0 : 1}, ReduceOp.SUM);
    long all = (long) sums[2];
    Preconditions.checkState(all > 0, "the validation iterator yielded no example");
    return new Result(sums[0] / all, sums[3] == 0 ? sums[1] / all : Double.NaN, all);
  }

  /** Rank r's rows {@code [n r / N, n (r + 1) / N)} of {@code batch}; null if there are none. */
  private static Batch rowsOf(Batch batch, Communicator communicator) {
    if (communicator.size() == 1) {
      return batch;
    }
    long n = batch.size();
    long from = n * communicator.rank() / communicator.size();
    long to = n * (communicator.rank() + 1) / communicator.size();
    if (from == to) {
      return null;
    }
    return new Batch(rows(batch.features(), from, to), rows(batch.labels(), from, to));
  }

  private static INDArray rows(INDArray array, long from, long to) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval(from, to);
    for (int i = 1; i < index.length; i++) {
      index[i] = NDArrayIndex.all();
    }
    return array.get(index).dup();
  }

  @Override
  public void finish(Trainer trainer) {
    iterator.close();
  }
}
