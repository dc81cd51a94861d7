package org.trainer4j.samples.common;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.model.Model;

/** Loss and accuracy of a model over a whole dataset in evaluation mode. */
public final class Evaluation {

  /** Mean loss and accuracy over all examples. */
  public record Score(double loss, double accuracy) {
    public double errorPercent() {
      return 100 * (1 - accuracy);
    }
  }

  private Evaluation() {}

  /** Evaluates {@code model} on {@code data} in batches; the model's mode is restored. */
  public static Score of(Model model, Dataset data, int batchSize) {
    boolean training = model.isTraining();
    model.setTraining(false);
    try {
      double loss = 0;
      long correct = 0;
      for (int start = 0; start < data.size(); start += batchSize) {
        int n = Math.min(batchSize, data.size() - start);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
          idx[i] = start + i;
        }
        Batch batch = data.get(idx);
        loss += model.loss(batch) * n;
        INDArray predicted = model.output(batch.features()).argMax(1);
        correct +=
            predicted.eq(batch.labels().argMax(1)).castTo(DataType.INT).sumNumber().longValue();
      }
      return new Score(loss / data.size(), (double) correct / data.size());
    } finally {
      model.setTraining(training);
    }
  }
}
