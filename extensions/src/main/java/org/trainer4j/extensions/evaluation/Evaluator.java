package org.trainer4j.extensions.evaluation;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's Evaluator: runs a validation iterator through the model in evaluation mode (batch
 * normalization uses its running statistics, nothing is trained) and reports the mean loss and
 * accuracy, weighted by batch size, as {@code validation/main/loss} and {@code
 * validation/main/accuracy}. The iterator is reset before each evaluation and must not repeat; the
 * model's mode is restored afterwards and the training iterator is never touched.
 */
public final class Evaluator implements Extension {

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
    evaluate(model).asObservation(prefix).forEach(trainer.getReporter()::report);
  }

  /**
   * Runs one pass of the validation iterator through {@code model} in evaluation mode.
   *
   * @throws IllegalStateException if the iterator yields no example
   */
  public Result evaluate(Model model) {
    Preconditions.checkNotNull(model, "model");
    iterator.reset();
    boolean wasTraining = model.isTraining();
    model.setTraining(false);
    double lossSum = 0;
    long correct = 0;
    long examples = 0;
    boolean classifier = true;
    try {
      while (iterator.hasNext()) {
        Batch batch = iterator.next();
        int n = batch.size();
        lossSum += model.loss(batch) * n;
        INDArray labels = batch.labels();
        classifier &= labels.rank() == 2 && labels.size(1) > 1;
        if (classifier) {
          INDArray predicted = model.output(batch.features()).argMax(1);
          correct += predicted.eq(labels.argMax(1)).castTo(DataType.INT64).sumNumber().longValue();
        }
        examples += n;
      }
    } finally {
      model.setTraining(wasTraining);
    }
    Preconditions.checkState(examples > 0, "the validation iterator yielded no example");
    return new Result(
        lossSum / examples, classifier ? (double) correct / examples : Double.NaN, examples);
  }

  @Override
  public void finish(Trainer trainer) {
    iterator.close();
  }
}
