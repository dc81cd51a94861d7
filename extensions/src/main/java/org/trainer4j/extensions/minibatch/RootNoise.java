package org.trainer4j.extensions.minibatch;

import org.trainer4j.extensions.minibatch.goodput.GradientNoise;
import org.trainer4j.extensions.minibatch.goodput.NoiseSource;

/**
 * Rank 0's gradient-noise estimates, broadcast: every member estimates on its own copy, but the
 * estimates steer the search, so all must use the same ones.
 */
final class RootNoise implements NoiseSource {

  private final NoiseSource local;
  private final SearchCoordination coordination;

  private RootNoise(NoiseSource local, SearchCoordination coordination) {
    this.local = local;
    this.coordination = coordination;
  }

  static NoiseSource of(NoiseSource local, SearchCoordination coordination) {
    return coordination.members() == 1 ? local : new RootNoise(local, coordination);
  }

  @Override
  public GradientNoise estimate(int batchSize, int shards) {
    GradientNoise mine = local.estimate(batchSize, shards);
    double[] root = coordination.rootValues(new double[] {mine.gradientSquared(), mine.trace()});
    return new GradientNoise(root[0], root[1]);
  }
}
