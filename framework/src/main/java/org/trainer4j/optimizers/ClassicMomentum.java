package org.trainer4j.optimizers;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J update-rule configuration for classical momentum (see {@link MomentumSGD}). Public with a
 * no-argument constructor and plain fields because DL4J stores it in the network's JSON.
 */
public final class ClassicMomentum implements IUpdater {

  private double learningRate;
  private double momentum;

  /** For JSON deserialization. */
  public ClassicMomentum() {
    this(0.01, 0.9);
  }

  public ClassicMomentum(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double momentum) {
    this.momentum = momentum;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater<ClassicMomentum> instantiate(
      INDArray viewArray, boolean initializeViewArray) {
    Rule rule = new Rule(this);
    rule.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return rule;
  }

  @Override
  public GradientUpdater<ClassicMomentum> instantiate(
      Map<String, INDArray> state, boolean initialize) {
    Rule rule = new Rule(this);
    rule.setState(state, initialize);
    return rule;
  }

  @Override
  public ClassicMomentum clone() {
    return new ClassicMomentum(learningRate, momentum);
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
    this.learningRate = lr;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassicMomentum m
        && Double.compare(m.learningRate, learningRate) == 0
        && Double.compare(m.momentum, momentum) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum);
  }

  @Override
  public String toString() {
    return "ClassicMomentum(lr=" + learningRate + ", momentum=" + momentum + ")";
  }

  /** The rule itself: DL4J subtracts the returned update, so it writes {@code -v} into g. */
  private static final class Rule implements GradientUpdater<ClassicMomentum> {
    private static final String VELOCITY = "V";
    private final ClassicMomentum config;
    private INDArray velocity;

    Rule(ClassicMomentum config) {
      this.config = config;
    }

    @Override
    public ClassicMomentum getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      velocity = state.get(VELOCITY);
      if (initialize) {
        velocity.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
      if (initialize) {
        view.assign(0);
      }
      velocity = view.reshape(order, shape);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      gradient.muli(config.learningRate);
      velocity.muli(config.momentum).subi(gradient);
      gradient.assign(velocity).negi();
    }
  }
}
