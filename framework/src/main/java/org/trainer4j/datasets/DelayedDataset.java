package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Another dataset made slow on purpose: each batch takes an extra fixed time per example, as if the
 * examples were decoded from disk. Used to measure how well an iterator hides data loading; the
 * thread sleeps, so the delay costs no CPU and an interrupt ends it.
 */
public final class DelayedDataset extends ForwardingDataset {

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  private final long nanosPerExample;

  private DelayedDataset(Dataset base, long nanosPerExample) {
    super(base);
    this.nanosPerExample = nanosPerExample;
  }

  /**
   * {@code base}, with {@code perExample} of extra time for each example of a batch; at most {@code
   * Long.MAX_VALUE} nanoseconds (about 292 years).
   */
  public static DelayedDataset of(Dataset base, Duration perExample) {
    Preconditions.checkNotNull(base, "base");
    Preconditions.checkNotNull(perExample, "perExample");
    Preconditions.checkArgument(
        !perExample.isNegative(), "perExample must not be negative: %s", perExample);
    Preconditions.checkArgument(
        perExample.compareTo(LONGEST) <= 0,
        "perExample must be at most %s (what nanoseconds can count): %s",
        LONGEST,
        perExample);
    return new DelayedDataset(base, perExample.toNanos());
  }

  public Duration perExample() {
    return Duration.ofNanos(nanosPerExample);
  }

  /**
   * Sleeps {@code indices.length} times the delay (once, so timer granularity does not add up per
   * example), then assembles the batch.
   *
   * @throws CancellationException if the thread is interrupted while sleeping (its interrupt flag
   *     is kept)
   */
  @Override
  public Batch get(int[] indices) {
    delay(indices);
    return delegate().get(indices);
  }

  /** As {@link #get(int[])}, passing the epochs on. */
  @Override
  public Batch get(int[] indices, int[] epochs) {
    delay(indices);
    return delegate().get(indices, epochs);
  }

  private void delay(int[] indices) {
    Preconditions.checkNotNull(indices, "indices");
    try {
      // A batch of very long delays saturates: the overflowed product would be negative, no sleep.
      long nanos =
          indices.length == 0 || nanosPerExample <= Long.MAX_VALUE / indices.length
              ? nanosPerExample * indices.length
              : Long.MAX_VALUE;
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("interrupted while simulating decode");
      c.initCause(e);
      throw c;
    }
  }

  @Override
  public String describe() {
    return String.format(
        "%s with %.2f ms simulated decode per example",
        delegate().describe(), nanosPerExample / 1e6);
  }
}
