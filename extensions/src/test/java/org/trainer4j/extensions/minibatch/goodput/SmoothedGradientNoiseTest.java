package org.trainer4j.extensions.minibatch.goodput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmoothedGradientNoiseTest {

  @Test
  void theFirstEstimateIsTakenAsItIsDespiteTheDecay() {
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.99).add(new GradientNoise(2, 300));

    assertThat(smoothed.current().gradientSquared()).isCloseTo(2, within(1e-12));
    assertThat(smoothed.current().trace()).isCloseTo(300, within(1e-12));
    assertThat(smoothed.effectiveCount()).isCloseTo(1, within(1e-12));
  }

  @Test
  void averagesTheTwoTermsSeparatelyNotTheirRatio() {
    // Decay 0.5 weighs two estimates 1/3 and 2/3: |G|^2 = 1/3 + 2/3 * 3 = 7/3, tr(Sigma) = 10,
    // so B_noise = 30/7; the weighted mean of the ratios would be 1/3 * 10 + 2/3 * 10/3 = 50/9.
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.5)
            .add(new GradientNoise(1, 10))
            .add(new GradientNoise(3, 10));

    assertThat(smoothed.current().gradientSquared()).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(smoothed.current().noiseScale()).isCloseTo(30.0 / 7, within(1e-12));
  }

  @Test
  void reportsTheWeightedSpreadOfTheRawEstimates() {
    // Weights 1/3 and 2/3 on |G|^2 = 1 and 3: mean 7/3, second moment 19/3, variance 8/9;
    // effective count 1 / (1/9 + 4/9) = 9/5.
    SmoothedGradientNoise.NoiseSpread spread =
        SmoothedGradientNoise.start(0.5)
            .add(new GradientNoise(1, 10))
            .add(new GradientNoise(3, 10))
            .spread();

    assertThat(spread.sqrStd()).isCloseTo(Math.sqrt(8.0 / 9), within(1e-12));
    assertThat(spread.traceStd()).isCloseTo(0, within(1e-6));
    assertThat(spread.effectiveCount()).isCloseTo(9.0 / 5, within(1e-12));
    assertThat(spread.sqrStandardError()).isCloseTo(Math.sqrt(8.0 / 9 / 1.8), within(1e-12));
  }

  @Test
  void termsThatScatterTogetherLeaveTheNoiseScaleExactAndTermsThatScatterApartDoNot() {
    // Each raw estimate of `together` reads B_noise 100 while both of its terms scatter 3x: in the
    // delta method their covariance cancels their relative variances. `apart` pairs the same
    // values the other way round.
    double[] scale = {1, 3, 2, 1, 3};
    SmoothedGradientNoise together = SmoothedGradientNoise.start(0.5);
    SmoothedGradientNoise apart = SmoothedGradientNoise.start(0.5);
    for (int i = 0; i < scale.length; i++) {
      together = together.add(new GradientNoise(scale[i], 100 * scale[i]));
      apart = apart.add(new GradientNoise(scale[i], 100 * scale[scale.length - 1 - i]));
    }

    assertThat(together.current().noiseScale()).isCloseTo(100, within(1e-9));
    assertThat(together.spread().noiseScaleStandardError()).isCloseTo(0, within(1e-4));
    assertThat(apart.spread().noiseScaleStandardError()).isGreaterThan(20);
  }

  @Test
  void identicalEstimatesHaveNoSpreadAndTheLongRunEffectiveCountOfTheDecay() {
    SmoothedGradientNoise smoothed = SmoothedGradientNoise.start(0.9);
    for (int i = 0; i < 500; i++) {
      smoothed = smoothed.add(new GradientNoise(4, 40));
    }

    assertThat(smoothed.current().noiseScale()).isCloseTo(10, within(1e-9));
    assertThat(smoothed.spread().noiseScaleStandardError()).isCloseTo(0, within(1e-6));
    assertThat(smoothed.effectiveCount()).isCloseTo(1.9 / 0.1, within(1e-9));
  }

  @Test
  void estimatesWorthOneHaveAnUnknownNoiseScaleErrorNotAZeroOne() {
    SmoothedGradientNoise one = SmoothedGradientNoise.start(0.9).add(new GradientNoise(2, 400));
    SmoothedGradientNoise lastOnly =
        SmoothedGradientNoise.start(0).add(new GradientNoise(2, 400)).add(new GradientNoise(3, 4));

    assertThat(one.spread().noiseScaleStandardError()).isNaN();
    assertThat(lastOnly.spread().noiseScaleStandardError()).isNaN();
    assertThat(one.add(new GradientNoise(4, 500)).spread().noiseScaleStandardError()).isPositive();
  }

  @Test
  void zeroDecayKeepsOnlyTheLastEstimate() {
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0).add(new GradientNoise(1, 10)).add(new GradientNoise(5, 7));

    assertThat(smoothed.current()).isEqualTo(new GradientNoise(5, 7));
  }

  @Test
  void aStateRebuiltFromItsComponentsContinuesIdentically() {
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.8).add(new GradientNoise(1, 10)).add(new GradientNoise(2, 9));
    SmoothedGradientNoise restored =
        new SmoothedGradientNoise(
            smoothed.decay(),
            smoothed.count(),
            smoothed.sqrMean(),
            smoothed.traceMean(),
            smoothed.sqrSquareMean(),
            smoothed.traceSquareMean(),
            smoothed.productMean());

    GradientNoise next = new GradientNoise(3, 12);
    assertThat(restored.add(next)).isEqualTo(smoothed.add(next));
  }

  @Test
  void aPositiveSignalWithinTwoStandardErrorsIsStillUsedAsItIs() {
    // Weights 1/3 and 2/3 on |G|^2 = -1 and 1: mean 1/3, standard error sqrt(8/9 / 1.8) = 0.70.
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.5)
            .add(new GradientNoise(-1, 10))
            .add(new GradientNoise(1, 10));

    assertThat(smoothed.signalResolved()).isFalse();
    assertThat(smoothed.cautious()).isEqualTo(smoothed.current());
  }

  @Test
  void aResolvedSignalIsUsedAsItIs() {
    // |G|^2 = 7/3 with standard error sqrt(8/9 / 1.8) = 0.70: more than two of them above zero.
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.5)
            .add(new GradientNoise(1, 10))
            .add(new GradientNoise(3, 10));

    assertThat(smoothed.signalResolved()).isTrue();
    assertThat(smoothed.cautious()).isEqualTo(smoothed.current());
  }

  @Test
  void aSignalBelowZeroCountsAsTwoStandardErrorsSoTheNoiseScaleIsABound() {
    // Weights 1/3 and 2/3 on |G|^2 = 1 and -1: mean -1/3, variance 1 - 1/9 = 8/9, effective count
    // 9/5, so the standard error is sqrt(8/9 / 1.8) and the floor twice that. Taken as it is, the
    // signal would make B_noise infinite.
    SmoothedGradientNoise smoothed =
        SmoothedGradientNoise.start(0.5)
            .add(new GradientNoise(1, 10))
            .add(new GradientNoise(-1, 10));
    double floor = 2 * Math.sqrt(8.0 / 9 / 1.8);

    assertThat(smoothed.current().noiseScale()).isInfinite();
    assertThat(smoothed.signalResolved()).isFalse();
    assertThat(smoothed.cautious().gradientSquared()).isCloseTo(floor, within(1e-12));
    assertThat(smoothed.cautious().trace()).isCloseTo(10, within(1e-12));
    assertThat(smoothed.cautious().noiseScale()).isCloseTo(10 / floor, within(1e-9));
  }

  @Test
  void aSingleNonPositiveSignalHasNoStandardErrorSoItsMagnitudeStandsIn() {
    SmoothedGradientNoise one = SmoothedGradientNoise.start(0.9).add(new GradientNoise(-0.14, 70));

    assertThat(one.signalResolved()).isFalse();
    assertThat(one.cautious()).isEqualTo(new GradientNoise(0.14, 70));
    assertThat(one.cautious().noiseScale()).isCloseTo(500, within(1e-9));
  }

  @Test
  void refusesADecayOutsideZeroToOneAndReadingBeforeAnyEstimate() {
    assertThatThrownBy(() -> SmoothedGradientNoise.start(1)).hasMessageContaining("decay");
    assertThatThrownBy(() -> SmoothedGradientNoise.start(0.9).current())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRestoredStateWithANonFiniteOrFractionalComponentIsRefusedByName() {
    double[] good = SmoothedGradientNoise.start(0.9).add(new GradientNoise(1, 100)).toArray();
    double[] nanCount = good.clone();
    nanCount[1] = Double.NaN;
    assertThatThrownBy(() -> SmoothedGradientNoise.fromArray(nanCount))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count (component 1) must be a whole number >= 0: NaN");
    double[] fractional = good.clone();
    fractional[1] = 2.7;
    assertThatThrownBy(() -> SmoothedGradientNoise.fromArray(fractional))
        .hasMessageContaining("count (component 1) must be a whole number >= 0: 2.7");
    double[] nanMean = good.clone();
    nanMean[2] = Double.NaN;
    assertThatThrownBy(() -> SmoothedGradientNoise.fromArray(nanMean))
        .hasMessageContaining("sqrMean must be finite: NaN");
  }
}
