package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

class TrainerTrainingTest {

  @TempDir Path out;

  @Test
  void trainingAnMlpOnLearnableDataCutsTheLossByAFactorOfFive() {
    ArrayDataset data = TestModels.data(512, 20, 4, 1);
    Model model = TestModels.mlp(20, 32, 4, 7);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    var updater = new StandardUpdater(SerialIterator.of(data, 32), optimizer);
    List<Double> losses = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(5), out);
    trainer.extend(
        Extensions.of(
            "record",
            t -> {
              losses.add(t.getObservation().get("main/loss"));
              accuracies.add(t.getObservation().get("main/accuracy"));
            }));

    trainer.run();

    assertThat(updater.getIteration()).isEqualTo(80);
    double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
    double last = losses.subList(75, 80).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(last).isLessThan(first / 5);
    assertThat(accuracies.get(79)).isGreaterThan(0.9);
  }
}
