package org.trainer4j.layers.impl;

import java.util.List;

/**
 * Per-channel count, mean and biased variance of a batch split across replicas, combined from each
 * replica's count, mean and sum of squared deviations ({@code M2}) with Chan et al.'s pairwise
 * update: {@code n = na + nb}, {@code mean = mean_a + d nb / n}, {@code M2 = M2a + M2b + d^2 na nb
 * / n} where {@code d = mean_b - mean_a}. Stable where {@code E[x^2] - E[x]^2} cancels
 * catastrophically.
 *
 * @param count examples (times positions, for convolutions) per channel
 * @param mean per-channel mean
 * @param variance per-channel biased variance ({@code M2 / n}), as batch normalization uses
 */
record ChannelMoments(double count, double[] mean, double[] variance) {

  /**
   * Combines the replicas' moments in list order. Each part is {@code [n, mean_0..mean_C-1,
   * M2_0..M2_C-1]}.
   */
  static ChannelMoments combine(List<double[]> parts, int channels) {
    double n = 0;
    double[] mean = new double[channels];
    double[] m2 = new double[channels];
    for (double[] part : parts) {
      double nb = part[0];
      if (nb == 0) {
        continue;
      }
      double total = n + nb;
      for (int c = 0; c < channels; c++) {
        double delta = part[1 + c] - mean[c];
        mean[c] += delta * nb / total;
        m2[c] += part[1 + channels + c] + delta * delta * n * nb / total;
      }
      n = total;
    }
    double[] variance = new double[channels];
    for (int c = 0; c < channels; c++) {
      variance[c] = n > 0 ? m2[c] / n : 0;
    }
    return new ChannelMoments(n, mean, variance);
  }
}
