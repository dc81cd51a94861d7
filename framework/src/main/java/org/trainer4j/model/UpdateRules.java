package org.trainer4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Where DL4J keeps a layer's update rule: the layer configuration's updater and its optional bias
 * updater. {@link Model#useUpdateRule} puts one shared rule instance in every such place.
 */
final class UpdateRules {

  /** How the layers' rules relate to a desired rule. */
  enum Comparison {
    /** Every layer already holds that very instance. */
    SAME_INSTANCE,
    /** Every layer holds a rule equal to it (a copy's, or one restored from JSON). */
    EQUAL_CONFIGURATION,
    /** Some layer holds another rule or other hyperparameters. */
    DIFFERENT
  }

  private UpdateRules() {}

  static Comparison compare(Layer[] layers, IUpdater rule) {
    Comparison result = Comparison.SAME_INSTANCE;
    for (Layer layer : layers) {
      for (IUpdater current : rulesOf(layer.conf().getLayer())) {
        if (current == rule) {
          continue;
        }
        if (!rule.equals(current)) {
          return Comparison.DIFFERENT;
        }
        result = Comparison.EQUAL_CONFIGURATION;
      }
    }
    return result;
  }

  /** Makes {@code rule} every layer's rule; bias updaters go, so biases follow it too. */
  static void install(Layer[] layers, IUpdater rule) {
    for (Layer layer : layers) {
      var conf = layer.conf().getLayer();
      if (conf instanceof BaseLayer base) {
        base.setIUpdater(rule);
        base.setBiasUpdater(null);
      } else if (conf instanceof AbstractSameDiffLayer sd) {
        sd.setUpdater(rule);
        sd.setBiasUpdater(null);
      }
    }
  }

  /** The layer's rules: its updater, and its bias updater if it has one. */
  private static IUpdater[] rulesOf(org.deeplearning4j.nn.conf.layers.Layer conf) {
    if (conf instanceof BaseLayer base) {
      return base.getBiasUpdater() == null
          ? new IUpdater[] {base.getIUpdater()}
          : new IUpdater[] {base.getIUpdater(), base.getBiasUpdater()};
    }
    if (conf instanceof AbstractSameDiffLayer sd) {
      return sd.getBiasUpdater() == null
          ? new IUpdater[] {sd.getUpdater()}
          : new IUpdater[] {sd.getUpdater(), sd.getBiasUpdater()};
    }
    return new IUpdater[0];
  }
}
