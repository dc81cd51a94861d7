package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;
import org.trainer4j.extensions.minibatch.goodput.SmoothedGradientNoise;

/**
 * A gradient signal {@code |G|^2} that the estimates cannot tell from zero is not an infinite noise
 * scale: taken as one, every size is equally efficient and goodput becomes throughput, which on the
 * simulated job of {@link GoodputMaximizeTest} grows to the 4,096 bound.
 */
class GoodputUnresolvedSignalTest {

  /**
   * Estimates whose signal alternates between -3 and +1 (smoothed: below zero after every one) with
   * {@code tr(Sigma) = 500}.
   */
  private static NoiseSource unresolved() {
    int[] calls = {0};
    return (batchSize, shards) -> new GradientNoise(calls[0]++ % 2 == 0 ? -3 : 1, 500);
  }

  private static GoodputSearch search(NoiseSource source) {
    return SimulatedNoise.goodput()
        .search(
            new SimulatedTraining(GoodputMaximizeTest.STEP)
                .context(32, GoodputMaximizeTest.DATASET)
                .maxBatchSize(GoodputMaximizeTest.MAX)
                .build(),
            32,
            SmoothedGradientNoise.start(GoodputSettings.DEFAULT.noiseDecay()),
            source);
  }

  @Test
  void anUnresolvedSignalBoundsTheNoiseScaleInsteadOfSendingThePickToTheBound() {
    GoodputSearch s = search(unresolved());

    assertThat(s.noise().signalResolved()).isFalse();
    assertThat(s.noise().current().noiseScale()).isInfinite();
    // The floor is two standard errors of the smoothed signal (0.95 after 32 estimates): B_noise
    // near 530, an optimum near sqrt(0.02 x 530 / 1e-4) = 325; taken as infinite it was 4,096.
    assertThat(s.result().succeeded()).isTrue();
    assertThat(s.result().chosenBatchSize()).isBetween(64, 1024);
    assertThat(s.result().detail()).contains("|G|^2 not above zero");
  }

  @Test
  void theModelTheChoiceWasMadeWithHasAFiniteNoiseScale() {
    GoodputSearch s = search(unresolved());

    assertThat(s.model()).isPresent();
    assertThat(s.model().orElseThrow().noise().noiseScale()).isFinite().isGreaterThan(50);
    // Less efficient per example at the bound than at the start: the bound is not free.
    assertThat(s.model().orElseThrow().at(GoodputMaximizeTest.MAX).efficiency()).isLessThan(0.2);
  }
}
