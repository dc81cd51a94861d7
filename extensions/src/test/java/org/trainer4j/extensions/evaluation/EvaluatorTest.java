package org.trainer4j.extensions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.testing.CountingActivation;
import org.trainer4j.testing.ReplicaThreads;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class EvaluatorTest {

  @TempDir Path out;

  @Test
  void reportsTheExampleWeightedLossAndAccuracyOfTheWholeValidationSet() {
    Model model = trainedModel();
    ArrayDataset data = TinyRun.validationData();
    Batch all = data.get(IntStream.range(0, data.size()).toArray());
    model.setTraining(false);
    double loss = model.loss(all);
    INDArray predicted = model.output(all.features()).argMax(1);
    double accuracy =
        predicted
            .eq(all.labels().argMax(1))
            .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
            .meanNumber()
            .doubleValue();
    model.setTraining(true);

    Evaluator.Result result = Evaluator.of(TinyRun.validation()).evaluate(model);

    assertThat(result.examples()).isEqualTo(40);
    assertThat(result.loss()).isCloseTo(loss, within(1e-5));
    assertThat(result.accuracy()).isCloseTo(accuracy, within(1e-12));
  }

  @Test
  void ranksEvaluateTheirRowsAndEveryRankReportsTheWholeValidationSet() {
    Model model = trainedModel();
    Evaluator.Result single = Evaluator.of(TinyRun.validation()).evaluate(model);
    ReplicaGroup group = new ReplicaGroup(3, Duration.ofMinutes(1));
    List<Model> copies = List.of(model.copy(), model.copy(), model.copy());

    // 40 examples in batches of 16, 16, 8: three ranks get 5 or 6 rows of each batch
    List<Evaluator.Result> results =
        ReplicaThreads.run(
            group,
            rank ->
                Evaluator.of(TinyRun.validation())
                    .evaluate(copies.get(rank), group.communicator(rank)));

    for (Evaluator.Result r : results) {
      assertThat(r.examples()).isEqualTo(40);
      assertThat(r.loss()).isCloseTo(single.loss(), within(1e-5));
      assertThat(r.accuracy()).isCloseTo(single.accuracy(), within(1e-12));
    }
  }

  @Test
  void runsTheNetworkOncePerValidationBatch() {
    CountingActivation counter = new CountingActivation();
    Model model = TestModels.countingMlp(8, 6, 3, counter);

    Evaluator.of(TinyRun.validation()).evaluate(model);

    // 40 examples in batches of 16, 16, 8; the loss and the accuracy share each batch's pass
    assertThat(counter.forwardPasses()).isEqualTo(3);
  }

  @Test
  void changesNoParameterAndRestoresTheModelsMode() {
    Model model = trainedModel();
    INDArray before = model.params().dup();
    Evaluator evaluator = Evaluator.of(TinyRun.validation());

    Evaluator.Result first = evaluator.evaluate(model);
    model.setTraining(false);
    Evaluator.Result second = evaluator.evaluate(model);

    assertThat(model.params()).isEqualTo(before);
    assertThat(model.isTraining()).isFalse();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void trainingWithAnEvaluatorFollowsTheSameTrajectoryAsWithout() {
    Trainer plain = TinyRun.trainer(out.resolve("plain"), IntervalTrigger.epochs(3));
    plain.run();
    Trainer evaluated = TinyRun.trainer(out.resolve("evaluated"), IntervalTrigger.epochs(3));
    evaluated.extend(Evaluator.of(TinyRun.validation()));
    LogReport log = new LogReport();
    evaluated.extend(log);

    evaluated.run();

    assertThat(TinyRun.model(evaluated).params()).isEqualTo(TinyRun.model(plain).params());
    assertThat(evaluated.getUpdater().getIterator().getState())
        .isEqualTo(plain.getUpdater().getIterator().getState());
    assertThat(log.getLog())
        .hasSize(3)
        .allSatisfy(
            e -> assertThat(e).containsKeys("validation/main/loss", "validation/main/accuracy"));
  }

  @Test
  void refusesARepeatingIterator() {
    assertThatThrownBy(() -> Evaluator.of(SerialIterator.of(TinyRun.validationData(), 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not repeat");
  }

  private static Model trainedModel() {
    Model model = TestModels.mlp(8, 8, 3, 7);
    new org.trainer4j.optimizers.MomentumSGD(0.05, 0.9).setup(model);
    ArrayDataset data = TinyRun.data();
    for (int i = 0; i < 4; i++) {
      model.fit(data.get(IntStream.range(16 * i, 16 * i + 16).toArray()));
    }
    return model;
  }
}
