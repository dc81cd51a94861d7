package org.trainer4j.iterators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;

/**
 * A thread-safe test dataset whose single feature is the example's index, so a batch shows which
 * examples it holds. Records every {@link #get} call, can fail on one index and can block every
 * call until {@link #open()}.
 */
final class RecordingDataset extends ForwardingDataset {

  private final List<int[]> calls = new ArrayList<>();
  private final int failOn;
  private final RuntimeException failure;
  private final CountDownLatch gate;

  private RecordingDataset(int size, int failOn, RuntimeException failure, boolean gated) {
    super(indexed(size));
    this.failOn = failOn;
    this.failure = failure;
    this.gate = new CountDownLatch(gated ? 1 : 0);
  }

  /** {@code size} examples whose one feature is their index, all of class 0. */
  private static Dataset indexed(int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = i;
    }
    return ArrayDataset.of(
        Nd4j.create(values, new long[] {size, 1}, DataType.FLOAT),
        ArrayDataset.oneHot(new int[size], 2));
  }

  static RecordingDataset of(int size) {
    return new RecordingDataset(size, -1, null, false);
  }

  /** A dataset that throws {@code failure} for any batch holding example {@code index}. */
  static RecordingDataset failingOn(int size, int index, RuntimeException failure) {
    return new RecordingDataset(size, index, failure, false);
  }

  /** A dataset whose calls block until {@link #open()} or an interrupt. */
  static RecordingDataset gated(int size) {
    return new RecordingDataset(size, -1, null, true);
  }

  void open() {
    gate.countDown();
  }

  /** The example indices of a batch served from this dataset. */
  static int[] indicesOf(Batch batch) {
    return batch.features().toIntVector();
  }

  @Override
  public Batch get(int[] indices) {
    synchronized (this) {
      calls.add(indices.clone());
      notifyAll();
    }
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (int i : indices) {
      if (i == failOn) {
        throw failure;
      }
    }
    return delegate().get(indices);
  }

  /** Copies of the index arrays requested so far, in call order. */
  synchronized List<int[]> calls() {
    return new ArrayList<>(calls);
  }

  /** Waits until at least {@code n} calls were made (the timeout only guards against hangs). */
  synchronized void awaitCalls(int n, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (calls.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("only " + calls.size() + " of " + n + " calls arrived");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
