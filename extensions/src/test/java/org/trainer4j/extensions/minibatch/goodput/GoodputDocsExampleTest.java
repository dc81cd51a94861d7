package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.testing.TestModels;

/** Runs the example of docs/goodput.md, "Foundations". */
class GoodputDocsExampleTest {

  @Test
  void theDocumentedExampleRunsAndPicksAFeasibleSize() {
    Model model = TestModels.mlp(8, 16, 3, 1);
    ArrayDataset data = TestModels.data(512, 8, 3, 11);
    int[] first256 = IntStream.range(0, 256).toArray();
    Batch batch = data.get(first256);
    int datasetSize = data.size();

    // --- docs example begins
    SmoothedGradientNoise noise = SmoothedGradientNoise.start(0.9);
    Model copy = model.copy(); // the probe computes gradients, never updates, but overwrites them
    noise = noise.add(GradientProbe.shards(copy, batch, 8)); // 8 shards of 32, as 8 replicas
    GradientNoise smoothed = noise.current();

    StepTimeModel time =
        StepTimeModel.fit(
            List.of(new StepTime(32, 0.012), new StepTime(128, 0.030), new StepTime(512, 0.101)));
    GoodputModel goodput = new GoodputModel(smoothed, 32, time);
    GoodputModel.Point best = goodput.best(FeasibleSizes.of(8, 4096, datasetSize, 8));
    double lrFactor = LrRule.ADASCALE.factor(32, best.batchSize(), smoothed);
    // --- docs example ends

    assertThat(best.batchSize()).isBetween(8, 512).isEqualTo(best.batchSize() / 8 * 8);
    assertThat(best.efficiency()).isPositive();
    assertThat(lrFactor).isPositive();
    assertThat(smoothed.noiseScale()).isFinite().isPositive();
  }
}
