package org.trainer4j.datasets;

import com.google.common.base.Preconditions;

/**
 * How an image dataset shapes one example: one flat vector for dense networks, or {@code [channels,
 * height, width]} for convolutional ones (DL4J's NCHW input). The values are the same in both; only
 * the example shape differs.
 */
public enum ImageLayout {
  /** {@code [channels * height * width]}, channel-major. */
  FLAT,
  /** {@code [channels, height, width]}. */
  CHANNELS_FIRST;

  /** The example shape of a {@code channels x height x width} image in this layout. */
  public long[] exampleShape(int channels, int height, int width) {
    Preconditions.checkArgument(
        channels > 0 && height > 0 && width > 0,
        "image dimensions must be positive: %s x %s x %s",
        channels,
        height,
        width);
    return this == FLAT
        ? new long[] {(long) channels * height * width}
        : new long[] {channels, height, width};
  }
}
