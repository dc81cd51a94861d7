package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.trainer4j.extensions.monitor.DeviceMonitor;
import org.trainer4j.extensions.monitor.DeviceSample;

/**
 * Training simulated from known curves: a step at size b takes {@code b * perExample(b)} seconds on
 * the fake clock (times a seeded noise factor, and times {@code coldFactor} for the first step
 * after a change of size); sizes above {@code oomAbove} fail like DL4J's allocator. It is also the
 * device monitor (utilization from a curve of the current size) and the memory gauge.
 */
final class SimulatedTraining implements ProbeRunner, DeviceMonitor, MemoryGauge {

  final FakeTicker ticker = new FakeTicker();
  final List<Integer> sizesRun = new ArrayList<>();
  private final IntToDoubleFunction perExample;
  private IntToDoubleFunction utilization = b -> 50.0;
  private double noise;
  private SplittableRandom random = new SplittableRandom(0);
  private double coldFactor = 1.0;
  private int oomAbove = Integer.MAX_VALUE;
  private boolean gpu = true;
  private long baseBytes;
  private long bytesPerExample;
  private long limitBytes = Long.MAX_VALUE;
  private int current;
  private int largestRun;

  SimulatedTraining(IntToDoubleFunction perExample) {
    this.perExample = perExample;
  }

  SimulatedTraining utilization(IntToDoubleFunction curve) {
    this.utilization = curve;
    return this;
  }

  SimulatedTraining noise(double relativeSigma, long seed) {
    this.noise = relativeSigma;
    this.random = new SplittableRandom(seed);
    return this;
  }

  SimulatedTraining coldFactor(double factor) {
    this.coldFactor = factor;
    return this;
  }

  SimulatedTraining oomAbove(int size) {
    this.oomAbove = size;
    return this;
  }

  SimulatedTraining hostCpu() {
    this.gpu = false;
    return this;
  }

  SimulatedTraining memory(long base, long perExampleBytes, long limit) {
    this.baseBytes = base;
    this.bytesPerExample = perExampleBytes;
    this.limitBytes = limit;
    return this;
  }

  /** The noise-free epoch seconds at size {@code b} for {@code datasetSize} examples. */
  double epochSeconds(int b, int datasetSize) {
    return perExample.applyAsDouble(b) * datasetSize;
  }

  @Override
  public double[] run(int batchSize, int steps) {
    if (batchSize > oomAbove) {
      throw new RuntimeException("Failed to allocate " + (batchSize * 1_000_000L) + " bytes");
    }
    boolean changed = batchSize != current;
    current = batchSize;
    largestRun = Math.max(largestRun, batchSize);
    sizesRun.add(batchSize);
    double[] seconds = new double[steps];
    for (int i = 0; i < steps; i++) {
      double s = batchSize * perExample.applyAsDouble(batchSize);
      if (noise > 0) {
        s *= Math.max(0.05, 1 + noise * gaussian());
      }
      if (changed && i == 0) {
        s *= coldFactor;
      }
      seconds[i] = s;
      ticker.advance(s);
    }
    return seconds;
  }

  /** A context over this simulation with a fake clock. */
  SearchContext.Builder context(int initialBatchSize, int datasetSize) {
    return SearchContext.builder(this, initialBatchSize, datasetSize).ticker(ticker);
  }

  @Override
  public String deviceName() {
    return gpu ? "Simulated GPU" : "Simulated CPU";
  }

  @Override
  public String measures() {
    return "simulated utilization";
  }

  @Override
  public boolean isGpu() {
    return gpu;
  }

  @Override
  public DeviceSample sample() {
    return new DeviceSample(utilization.applyAsDouble(current), usedBytes(), limitBytes);
  }

  @Override
  public void close() {}

  @Override
  public long usedBytes() {
    return baseBytes + bytesPerExample * largestRun;
  }

  @Override
  public long limitBytes() {
    return limitBytes;
  }

  @Override
  public String describe() {
    return "simulated memory";
  }

  private double gaussian() {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
