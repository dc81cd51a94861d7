package org.trainer4j.extensions.minibatch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.IteratorState;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * Everything a search can touch, captured before it and put back after it: the optimizer's model
 * and its hyperparameters, the model's train/eval mode, the main iterator's position, order, epoch
 * and batch size, the updater's iteration count, ND4J's random generator (dropout draws from it)
 * and the trainer's current observations. Parameters, BN statistics and optimizer state need no
 * copy: the search trains a {@link Model#copy()} and the original is re-attached.
 */
final class TrainingStateGuard {

  private final Trainer trainer;
  private final Updater updater;
  private final Optimizer optimizer;
  private final BatchIterator iterator;
  private final Model model;
  private final boolean training;
  private final Map<String, Double> hyperparameters = new LinkedHashMap<>();
  private final IteratorState iteratorState;
  private final int batchSize;
  private final long iteration;
  private final long rngRoot;
  private final long rngNode;
  private final Map<String, Double> observationMap;
  private final Map<String, Double> observation;

  private TrainingStateGuard(Trainer trainer) {
    this.trainer = trainer;
    this.updater = trainer.getUpdater();
    this.optimizer = updater.getOptimizer();
    this.iterator = updater.getIterator();
    this.model = optimizer.getModel();
    this.training = model.isTraining();
    for (String name : optimizer.hyperparameterNames()) {
      hyperparameters.put(name, optimizer.get(name));
    }
    this.iteratorState = iterator.getState();
    this.batchSize = iterator.getBatchSize();
    this.iteration = updater.getIteration();
    Random rng = Nd4j.getRandom();
    this.rngRoot = rng.rootState();
    this.rngNode = rng.nodeState();
    this.observationMap = trainer.getObservation();
    this.observation = new LinkedHashMap<>(observationMap);
  }

  static TrainingStateGuard capture(Trainer trainer) {
    return new TrainingStateGuard(trainer);
  }

  /** The model that was attached to the optimizer when the state was captured. */
  Model model() {
    return model;
  }

  /** The batch size of the main iterator when the state was captured. */
  int batchSize() {
    return batchSize;
  }

  /** The optimizer's learning rate when the state was captured. */
  double learningRate() {
    return hyperparameters.get(Optimizer.LR);
  }

  /**
   * Puts everything back. Every part is attempted even if one fails; the first failure is then
   * rethrown, because training on a half-restored state would be silently wrong.
   */
  void restore() {
    RuntimeException failure = null;
    for (Runnable part :
        new Runnable[] {
          () -> hyperparameters.forEach(optimizer::set),
          () -> optimizer.setup(model),
          () -> model.setTraining(training),
          () -> iterator.setState(iteratorState),
          () -> iterator.setBatchSize(batchSize),
          () -> updater.setIteration(iteration),
          () -> Nd4j.getRandom().setStates(rngRoot, rngNode),
          this::restoreObservation
        }) {
      try {
        part.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new IllegalStateException(
          "could not restore the training state after the minibatch-size search", failure);
    }
  }

  private void restoreObservation() {
    observationMap.clear();
    observationMap.putAll(observation);
    trainer.setObservation(observationMap);
  }
}
