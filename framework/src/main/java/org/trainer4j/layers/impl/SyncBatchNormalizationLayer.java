package org.trainer4j.layers.impl;

import com.google.common.base.Preconditions;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.trainer4j.parallel.CollectiveLayer;
import org.trainer4j.parallel.Communicator;

/**
 * The runtime of {@code SyncBatchNormalization}. While an updater has bound the layer to a {@link
 * Communicator} (threads of one JVM or MPI processes), a training forward pass all-gathers each
 * replica's per-channel count, mean and sum of squared deviations and combines them with Chan's
 * parallel formula (in rank order, so every replica gets bit-identical statistics); the backward
 * pass all-gathers the per-channel sums of {@code dy} and {@code dy * x_hat}, which is all the
 * input gradient needs beyond local data. Parameter gradients stay local (the updater averages
 * them), and the running-statistics deltas, computed from the global statistics, are identical on
 * every replica, so averaging them leaves them as they are. Otherwise it is DL4J's batch
 * normalization.
 */
public class SyncBatchNormalizationLayer extends BatchNormalization implements CollectiveLayer {

  private Communicator communicator;
  private Statistics forward;

  public SyncBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public void setCommunicator(Communicator communicator) {
    this.communicator = communicator;
  }

  /** The communicator training passes synchronize through, or null. */
  public Communicator getCommunicator() {
    return communicator;
  }

  @Override
  public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
    forward = null;
    if (training != TrainingMode.TRAIN || communicator == null) {
      return super.preOutput(x, training, workspaceMgr);
    }
    return synchronizedPreOutput(x.castTo(dataType), workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (forward == null) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    try {
      return synchronizedBackprop(epsilon.castTo(dataType), workspaceMgr);
    } finally {
      forward = null;
    }
  }

  @Override
  public void clear() {
    super.clear();
    forward = null;
  }

  private INDArray synchronizedPreOutput(INDArray x, LayerWorkspaceMgr workspaceMgr) {
    Preconditions.checkState(
        x.rank() == 2 || x.rank() == 4,
        "SyncBatchNormalization %s supports rank 2 and 4 activations, got shape %s",
        layerId(),
        java.util.Arrays.toString(x.shape()));
    if (x.rank() == 4 && !Shape.strideDescendingCAscendingF(x)) {
      x = x.dup(); // as DL4J's own layer: broadcast ops need standard strides
    }
    int channelAxis = channelAxis(x.rank());
    int[] reduce = reduceAxes(x.rank());
    long channels = x.size(channelAxis);
    // DL4J's own forward pass checks this; without it the mismatch surfaced after the all-gather
    // as ND4J's "Shapes do not match ... y shape [8]", naming neither the layer nor nOut.
    Preconditions.checkArgument(
        channels == layerConf().getNOut(),
        "SyncBatchNormalization %s has %s channels (nOut) but its input has %s on axis %s: shape %s",
        layerId(),
        layerConf().getNOut(),
        channels,
        channelAxis,
        java.util.Arrays.toString(x.shape()));
    long count = x.length() / channels;

    double[] local = new double[1 + 2 * (int) channels];
    local[0] = count;
    double[] mean = x.mean(reduce).toDoubleVector();
    double[] var = x.var(false, reduce).toDoubleVector();
    for (int c = 0; c < channels; c++) {
      local[1 + c] = mean[c];
      local[1 + (int) channels + c] = var[c] * count;
    }
    ChannelMoments global = ChannelMoments.combine(communicator.allGather(local), (int) channels);

    org.deeplearning4j.nn.conf.layers.BatchNormalization conf = layerConf();
    Statistics stats;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray globalMean = Nd4j.createFromArray(global.mean()).castTo(dataType);
      INDArray globalVar = Nd4j.createFromArray(global.variance()).castTo(dataType);
      INDArray std = Transforms.sqrt(globalVar.add(conf.getEps()), false);
      INDArray xHat = Nd4j.createUninitialized(dataType, x.shape(), x.ordering());
      Nd4j.exec(new BroadcastSubOp(x, globalMean, xHat, channelAxis));
      Nd4j.exec(new BroadcastDivOp(xHat, std, xHat, channelAxis));
      stats = new Statistics(globalMean, globalVar, std, xHat, global.count());
    }
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), x.ordering());
    if (conf.isLockGammaBeta()) {
      out.assign(stats.xHat()).muli(conf.getGamma()).addi(conf.getBeta());
    } else {
      INDArray gamma = getParam(BatchNormalizationParamInitializer.GAMMA);
      INDArray beta = getParam(BatchNormalizationParamInitializer.BETA);
      Nd4j.exec(new BroadcastMulOp(stats.xHat(), gamma, out, channelAxis));
      Nd4j.exec(new BroadcastAddOp(out, beta, out, channelAxis));
    }
    forward = stats;
    return out;
  }

  private Pair<Gradient, INDArray> synchronizedBackprop(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    Statistics stats = forward;
    org.deeplearning4j.nn.conf.layers.BatchNormalization conf = layerConf();
    int rank = epsilon.rank();
    int channelAxis = channelAxis(rank);
    int[] reduce = reduceAxes(rank);
    int channels = (int) epsilon.size(channelAxis);

    INDArray sumDy = epsilon.sum(reduce);
    INDArray sumDyXHat = epsilon.mul(stats.xHat()).sum(reduce);
    double[] local = new double[2 * channels];
    System.arraycopy(sumDy.toDoubleVector(), 0, local, 0, channels);
    System.arraycopy(sumDyXHat.toDoubleVector(), 0, local, channels, channels);
    List<double[]> all = communicator.allGather(local);
    double[] globalSums = new double[2 * channels];
    for (double[] part : all) {
      for (int i = 0; i < globalSums.length; i++) {
        globalSums[i] += part[i];
      }
    }

    // dx = gamma / std * (dy - sum(dy) / n - x_hat * sum(dy * x_hat) / n), sums over all replicas
    double n = stats.count();
    double[] meanDy = new double[channels];
    double[] meanDyXHat = new double[channels];
    for (int c = 0; c < channels; c++) {
      meanDy[c] = globalSums[c] / n;
      meanDyXHat[c] = globalSums[channels + c] / n;
    }
    INDArray gamma =
        conf.isLockGammaBeta()
            ? Nd4j.valueArrayOf(new long[] {channels}, conf.getGamma(), dataType)
            : getParam(BatchNormalizationParamInitializer.GAMMA);
    INDArray scale = gamma.reshape(channels).div(stats.std());
    INDArray dx =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), epsilon.ordering());
    Nd4j.exec(
        new BroadcastMulOp(
            stats.xHat(), Nd4j.createFromArray(meanDyXHat).castTo(dataType), dx, channelAxis));
    Nd4j.exec(new SubOp(epsilon, dx, dx));
    Nd4j.exec(
        new BroadcastSubOp(dx, Nd4j.createFromArray(meanDy).castTo(dataType), dx, channelAxis));
    Nd4j.exec(new BroadcastMulOp(dx, scale, dx, channelAxis));

    Gradient gradient = new DefaultGradient();
    if (!conf.isLockGammaBeta()) {
      INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
      INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
      dGamma.assign(sumDyXHat.reshape(dGamma.shape()));
      dBeta.assign(sumDy.reshape(dBeta.shape()));
      gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
      gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
    }
    runningStatisticsDeltas(stats, gradient);
    return new Pair<>(gradient, dx);
  }

  /** DL4J's "distributed safe" running-statistics updates, from the global batch statistics. */
  private void runningStatisticsDeltas(Statistics stats, Gradient gradient) {
    org.deeplearning4j.nn.conf.layers.BatchNormalization conf = layerConf();
    double decay = conf.getDecay();
    INDArray globalMean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
    INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
    dMean.assign(globalMean.sub(stats.mean().reshape(globalMean.shape())).muli(1 - decay));
    gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
    if (conf.isUseLogStd()) {
      // log10(std_t) - log10(std_t+1), with var_t+1 = decay * var_t + (1 - decay) * batchVar
      INDArray log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      INDArray dLog10Std = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      INDArray var = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, dataType), log10Std);
      var.muli(var);
      INDArray next = var.mul(decay).addi(stats.variance().reshape(var.shape()).mul(1 - decay));
      dLog10Std.assign(Transforms.log(var.divi(next), false).muli(1.0 / (2 * Math.log(10.0))));
      gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLog10Std);
    } else {
      INDArray globalVar = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
      INDArray dVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
      dVar.assign(globalVar.sub(stats.variance().reshape(globalVar.shape())).muli(1 - decay));
      gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dVar);
    }
  }

  private int channelAxis(int rank) {
    return rank == 2 || layerConf().getCnn2DFormat() == CNN2DFormat.NCHW ? 1 : 3;
  }

  private int[] reduceAxes(int rank) {
    if (rank == 2) {
      return new int[] {0};
    }
    return layerConf().getCnn2DFormat() == CNN2DFormat.NCHW
        ? new int[] {0, 2, 3}
        : new int[] {0, 1, 2};
  }

  /** What the forward pass keeps for the backward pass. */
  private record Statistics(
      INDArray mean, INDArray variance, INDArray std, INDArray xHat, double count) {}
}
