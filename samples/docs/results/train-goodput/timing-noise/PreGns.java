import java.util.*;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.*;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.trainer4j.datasets.*;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.data.FashionMnist;

public class PreGns {
  static MultiLayerNetwork net;
  // per block: [start, end, adam?]
  static double[][] grads(Batch b, int shards) {
    int s = b.size() / shards;
    double[][] out = new double[shards][];
    for (int k = 0; k < shards; k++) {
      INDArray f = b.features().get(NDArrayIndex.interval(k * s, (k + 1) * s), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
      INDArray l = b.labels().get(NDArrayIndex.interval(k * s, (k + 1) * s), NDArrayIndex.all()).dup();
      net.setInput(f); net.setLabels(l); net.computeGradientAndScore();
      out[k] = net.getFlattenedGradients().castTo(DataType.DOUBLE).dup().toDoubleVector();
    }
    return out;
  }
  public static void main(String[] a) throws Exception {
    int bigB = Integer.parseInt(a.length > 0 ? a[0] : "128");
    int shards = 4;
    FashionMnist fm = FashionMnist.load(ImageLayout.CHANNELS_FIRST);
    net = FashionCnn.build(1, 0.4);
    Model model = Model.of(net);
    Adam opt = new Adam(0.001); opt.setup(model);
    SerialIterator it = SerialIterator.builder(fm.train()).batchSize(32).seed(1).build();
    SerialIterator probe = SerialIterator.builder(fm.train()).batchSize(bigB).seed(7).build();
    int[] checkpoints = {0, 10, 50, 200, 500, 1000, 1700};
    int step = 0;
    for (int cp : checkpoints) {
      while (step < cp) { model.fit(it.next()); step++; }
      BaseMultiLayerUpdater<?> up = (BaseMultiLayerUpdater<?>) net.getUpdater(true);
      int t = net.getIterationCount();
      double[] pre = null;
      double sumRaw = 0, combRaw = 0, sumPre = 0, combPre = 0;
      double[] sR = new double[6], sP = new double[6];
      int reps = 6;
      double[] bnRaw = new double[reps], bnPre = new double[reps];
      for (int r = 0; r < reps; r++) {
        Batch b = probe.next();
        double[][] g = grads(b, shards);
        int n = g[0].length;
        double[] w = new double[n];
        // weights: 0 for non-Adam blocks, 1 raw; pre = 1/(sqrt(vhat)+eps)^2
        double[] wp = new double[n];
        for (UpdaterBlock blk : up.getUpdaterBlocks()) {
          if (!(blk.getGradientUpdater() instanceof AdamUpdater au)) continue;
          int s0 = blk.getParamOffsetStart(), e0 = blk.getParamOffsetEnd();
          double[] v = au.getV() == null ? null : au.getV().castTo(DataType.DOUBLE).dup().toDoubleVector();
          double corr = 1 - Math.pow(0.999, Math.max(1, t));
          for (int i = s0; i < e0; i++) {
            w[i] = 1;
            double p = (t < 5 || v == null) ? 1 : Math.sqrt(v[i - s0] / corr) + 1e-8;
            wp[i] = 1 / (p * p);
          }
        }
        double msR = 0, msP = 0; double[] comb = new double[n];
        for (double[] gk : g) { for (int i = 0; i < n; i++) { msR += w[i] * gk[i] * gk[i] / shards; msP += wp[i] * gk[i] * gk[i] / shards; comb[i] += gk[i] / shards; } }
        double cR = 0, cP = 0; for (int i = 0; i < n; i++) { cR += w[i] * comb[i] * comb[i]; cP += wp[i] * comb[i] * comb[i]; }
        int bs = bigB / shards;
        double trR = (msR - cR) / (1.0 / bs - 1.0 / bigB), gR = cR - trR / bigB;
        double trP = (msP - cP) / (1.0 / bs - 1.0 / bigB), gP = cP - trP / bigB;
        sR[0] += gR / reps; sR[1] += trR / reps; sP[0] += gP / reps; sP[1] += trP / reps;
        bnRaw[r] = trR / gR; bnPre[r] = trP / gP;
      }
      System.out.printf("step %d: raw B_noise %.1f (|G|^2 %.4g tr %.4g; per-batch %s) | preconditioned B_noise %.1f (|G|^2 %.4g tr %.4g; per-batch %s)%n",
          step, sR[1] / sR[0], sR[0], sR[1], fmt(bnRaw), sP[1] / sP[0], sP[0], sP[1], fmt(bnPre));
    }
  }
  static String fmt(double[] x) { StringBuilder sb = new StringBuilder(); for (double v : x) sb.append(String.format(" %.0f", v)); return sb.toString(); }
}
