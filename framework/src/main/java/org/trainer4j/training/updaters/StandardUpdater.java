package org.trainer4j.training.updaters;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainer4j.datasets.Batch;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.StepResult;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Reporter;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Chainer's StandardUpdater: each update takes the next batch of the main iterator and lets the
 * main optimizer update its model. Reports {@code main/loss}, {@code main/accuracy} (classifiers)
 * and {@code main/data_wait} (seconds spent waiting for the batch).
 *
 * <p>{@link #update()} is a template, as in Chainer: it takes the batch, times the wait, counts the
 * iteration and reports; the step itself is {@link #updateCore(Batch)}, which the data-parallel
 * updaters ({@link ParallelUpdater}, {@link DistributedUpdater}) override with only what differs.
 */
public class StandardUpdater implements Updater {

  public static final String MAIN = "main";

  private final Map<String, BatchIterator> iterators;
  private final Map<String, Optimizer> optimizers;
  private Reporter reporter = new Reporter();
  private long iteration;

  /** An updater with one iterator and one optimizer, both keyed {@code main}. */
  public StandardUpdater(BatchIterator iterator, Optimizer optimizer) {
    this(Map.of(MAIN, iterator), Map.of(MAIN, optimizer));
  }

  /** An updater over named iterators and optimizers; both maps need a {@code main} entry. */
  public StandardUpdater(Map<String, BatchIterator> iterators, Map<String, Optimizer> optimizers) {
    Preconditions.checkNotNull(iterators, "iterators");
    Preconditions.checkNotNull(optimizers, "optimizers");
    Preconditions.checkArgument(iterators.get(MAIN) != null, "iterators need a 'main' entry");
    Preconditions.checkArgument(optimizers.get(MAIN) != null, "optimizers need a 'main' entry");
    optimizers.get(MAIN).getModel(); // fails early, naming setup(), if no model is attached
    this.iterators = new LinkedHashMap<>(iterators);
    this.optimizers = new LinkedHashMap<>(optimizers);
  }

  @Override
  public final void connectTrainer(Trainer trainer) {
    this.reporter = trainer.getReporter();
  }

  @Override
  public final void update() {
    beforeUpdate();
    long start = System.nanoTime();
    Batch batch = getIterator().next();
    double dataWait = (System.nanoTime() - start) / 1e9;
    StepResult result = updateCore(batch);
    iteration++;
    reporter.report(MAIN, "loss", result.loss());
    if (result.hasAccuracy()) {
      reporter.report(MAIN, "accuracy", result.accuracy());
    }
    reporter.report(MAIN, "data_wait", dataWait);
  }

  /** Checks that a step may run, before the batch is taken; nothing by default. */
  protected void beforeUpdate() {}

  /**
   * Chainer's {@code update_core}: one optimizer step on {@code batch} (the whole minibatch the
   * main iterator served). Returns what {@link #update()} reports as {@code main/loss} and {@code
   * main/accuracy}.
   */
  protected StepResult updateCore(Batch batch) {
    return getOptimizer().update(batch);
  }

  @Override
  public BatchIterator getIterator() {
    return iterators.get(MAIN);
  }

  @Override
  public BatchIterator getIterator(String name) {
    BatchIterator it = iterators.get(name);
    Preconditions.checkArgument(it != null, "no iterator '%s'; have %s", name, iterators.keySet());
    return it;
  }

  @Override
  public Optimizer getOptimizer() {
    return optimizers.get(MAIN);
  }

  @Override
  public Optimizer getOptimizer(String name) {
    Optimizer o = optimizers.get(name);
    Preconditions.checkArgument(o != null, "no optimizer '%s'; have %s", name, optimizers.keySet());
    return o;
  }

  @Override
  public long getIteration() {
    return iteration;
  }

  @Override
  public void serialize(Serializer s) {
    for (Map.Entry<String, BatchIterator> e : iterators.entrySet()) {
      e.getValue().serialize(s.child("iterator:" + e.getKey()));
    }
    for (Map.Entry<String, Optimizer> e : optimizers.entrySet()) {
      e.getValue().serialize(s.child("optimizer:" + e.getKey()));
      e.getValue().getModel().serialize(s.child("model:" + e.getKey()));
    }
    iteration = s.serializeLong("iteration", iteration);
  }

  @Override
  public void close() {
    for (BatchIterator it : iterators.values()) {
      it.close();
    }
  }
}
