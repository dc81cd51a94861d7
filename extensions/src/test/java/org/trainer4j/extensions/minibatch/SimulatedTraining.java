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
  private boolean transientMemory;
  private int peakSinceReset;
  private double loadPeriod;
  private double loadFactor = 1.0;
  private double loadPhase;
  private IntToDoubleFunction stepUp = b -> 1.0;
  private double stepAt = Double.POSITIVE_INFINITY;
  private double processColdFactor = 1.0;
  private double processWarmSeconds;
  private double stallSeconds;
  private double stallFactor = 1.0;
  private double jitterUntil = Double.NEGATIVE_INFINITY;
  private double jitterFactor = 1.0;
  private double stretchFactor = 1.0;
  private int stretchMinSteps;
  private int stretchMaxSteps;
  private SplittableRandom stretches;
  private boolean stretchSlow;
  private int stretchStepsLeft;
  private int slowFirstRunSize = -1;
  private double slowFirstRunFactor = 1.0;
  private int firstRunState; // 0 before the first run of that size, 1 during it, 2 after
  private boolean loadAsWait;
  private double waited;

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

  /**
   * Memory a step frees at its end: after a step only the base is in use, but the step peaked at
   * base plus its examples' bytes (which {@link #peakUsedBytes()} reports).
   */
  SimulatedTraining transientMemory() {
    this.transientMemory = true;
    return this;
  }

  /**
   * Another process's load switching on and off every {@code periodSeconds} of the fake clock,
   * slowing by {@code factor} the part of each step that runs while it is on.
   */
  SimulatedTraining onOffLoad(double periodSeconds, double factor) {
    return onOffLoad(periodSeconds, factor, 0);
  }

  /**
   * {@link #onOffLoad(double, double)} with the load's cycle shifted by {@code phaseSeconds}: a
   * search starts at any point of a real load's cycle, not only at the start of a quiet half.
   */
  SimulatedTraining onOffLoad(double periodSeconds, double factor, double phaseSeconds) {
    this.loadPeriod = periodSeconds;
    this.loadFactor = factor;
    this.loadPhase = phaseSeconds;
    return this;
  }

  /**
   * A fresh process's steps, {@code factor} slower at the start of the fake clock and speeding up
   * linearly to full speed at {@code seconds}, as a JVM's while the JIT compiles the training path.
   */
  SimulatedTraining processWarmUp(double factor, double seconds) {
    this.processColdFactor = factor;
    this.processWarmSeconds = seconds;
    return this;
  }

  /**
   * Every step that starts in the first {@code seconds} of the fake clock is {@code factor} slower,
   * then none: a process stalled when the search starts, as a long-lived JVM's was for a second or
   * two after ten models had trained in it.
   */
  SimulatedTraining stall(double seconds, double factor) {
    this.stallSeconds = seconds;
    this.stallFactor = factor;
    return this;
  }

  /**
   * For the next {@code seconds} of the fake clock, every step slower by a factor drawn uniformly
   * from 1 to {@code factor}: a process that gets the CPU only part of the time, whose windows
   * spread far wider than a quiet machine's.
   */
  SimulatedTraining jitteryStall(double factor, double seconds) {
    this.jitterUntil = ticker.read() / 1e9 + seconds;
    this.jitterFactor = factor;
    return this;
  }

  /**
   * The machine alternates between its full speed and stretches {@code factor} slower, each state
   * lasting a number of steps drawn uniformly from {@code minSteps} to {@code maxSteps} (seeded by
   * {@code seed}), whatever the size: this project's machine, with nothing else running, ran the
   * same steps 25 % slower for stretches of 10-20 steps (a 1,000-example MLP at 256-361, one ND4J
   * thread).
   */
  SimulatedTraining slowStretches(double factor, int minSteps, int maxSteps, long seed) {
    this.stretchFactor = factor;
    this.stretchMinSteps = minSteps;
    this.stretchMaxSteps = maxSteps;
    this.stretches = new SplittableRandom(seed);
    this.stretchSlow = stretches.nextBoolean();
    this.stretchStepsLeft = stretches.nextInt(1, maxSteps + 1);
    return this;
  }

  /**
   * The first timing of size {@code b} (its steps up to the first step of another size), and only
   * that one, {@code factor} slower: a load that was on while {@code b} was timed and off before
   * and after.
   */
  SimulatedTraining slowFirstRunOf(int b, double factor) {
    this.slowFirstRunSize = b;
    this.slowFirstRunFactor = factor;
    return this;
  }

  /** From {@code atSeconds} of the fake clock on, every step is {@code factor} slower for good. */
  SimulatedTraining loadStep(double atSeconds, double factor) {
    return loadStep(atSeconds, b -> factor);
  }

  /**
   * From {@code atSeconds} on, every step at size b is {@code factorBySize(b)} slower for good: a
   * job that starts beside the training and contends for memory bandwidth slows large batches more.
   */
  SimulatedTraining loadStep(double atSeconds, IntToDoubleFunction factorBySize) {
    this.stepAt = atSeconds;
    this.stepUp = factorBySize;
    return this;
  }

  /**
   * What the loads ({@link #loadStep}, {@link #onOffLoad}) add to a step is time spent waiting for
   * a CPU, as a kernel counts it: the fake clock moves by the loaded time, the step's time is the
   * time without the loads, and {@link #waitedSeconds} reports the difference, as {@link ProbeRun}
   * does with a {@link RunQueueWait}.
   */
  SimulatedTraining loadAsWait() {
    this.loadAsWait = true;
    return this;
  }

  @Override
  public double waitedSeconds() {
    return waited;
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
    if (batchSize == slowFirstRunSize && firstRunState == 0) {
      firstRunState = 1;
    } else if (batchSize != slowFirstRunSize && firstRunState == 1) {
      firstRunState = 2;
    }
    boolean firstRunSlowed = batchSize == slowFirstRunSize && firstRunState == 1;
    current = batchSize;
    largestRun = Math.max(largestRun, batchSize);
    peakSinceReset = Math.max(peakSinceReset, batchSize);
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
      double now = ticker.read() / 1e9;
      double loadFactorNow = now >= stepAt ? stepUp.applyAsDouble(batchSize) : 1.0;
      s *= loadFactorNow;
      if (now < stallSeconds) {
        s *= stallFactor;
      }
      if (now < jitterUntil) {
        s *= 1 + (jitterFactor - 1) * random.nextDouble();
      }
      if (stretches != null) {
        if (stretchStepsLeft-- <= 0) {
          stretchSlow = !stretchSlow;
          stretchStepsLeft = stretches.nextInt(stretchMinSteps, stretchMaxSteps + 1) - 1;
        }
        if (stretchSlow) {
          s *= stretchFactor;
        }
      }
      if (now < processWarmSeconds) {
        s *= 1 + (processColdFactor - 1) * (1 - now / processWarmSeconds);
      }
      if (firstRunSlowed) {
        s *= slowFirstRunFactor;
      }
      double unloaded = s / loadFactorNow;
      if (loadPeriod > 0) {
        s = underOnOffLoad(now, s);
      }
      seconds[i] = loadAsWait ? unloaded : s;
      waited += loadAsWait ? s - unloaded : 0;
      ticker.advance(s);
    }
    return seconds;
  }

  /**
   * Wall seconds a step of {@code work} quiet seconds takes from {@code start} under the on/off
   * load: the load slows the part of the step it overlaps, not the whole step by the half it
   * started in. Slowed as a whole, a step about as long as a half-period that started loaded ended
   * in the next loaded half, so such a size ran loaded for good while a smaller one alternated
   * (ContestTest, a 2x load every 0.1 s).
   */
  private double underOnOffLoad(double start, double work) {
    double t = start;
    double left = work;
    // Half-periods counted explicitly: recomputed from t, rounding could keep t at a boundary.
    for (long half = (long) Math.floor((start + loadPhase) / loadPeriod); ; half++) {
      double rate = half % 2 == 1 ? 1 / loadFactor : 1.0;
      double halfEnd = (half + 1) * loadPeriod - loadPhase;
      double canDo = Math.max(0, halfEnd - t) * rate;
      if (canDo >= left) {
        return t + left / rate - start;
      }
      left -= canDo;
      t = Math.max(t, halfEnd);
    }
  }

  /**
   * A context over this simulation with its fake clock, no memory limit, no budget, a plan of one
   * epoch, any size allowed.
   */
  SimulatedContext context(int initialBatchSize, int datasetSize) {
    return new SimulatedContext(this, initialBatchSize, datasetSize);
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
    return transientMemory ? baseBytes : baseBytes + bytesPerExample * largestRun;
  }

  @Override
  public void resetPeak() {
    peakSinceReset = 0;
  }

  @Override
  public long peakUsedBytes() {
    return baseBytes + bytesPerExample * (transientMemory ? peakSinceReset : largestRun);
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
