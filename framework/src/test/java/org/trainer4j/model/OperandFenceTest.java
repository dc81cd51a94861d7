package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.testing.ChildJvm;
import org.trainer4j.testing.TestModels;

class OperandFenceTest {

  @Test
  void wrappingAModelFencesNd4jsExecutionerOnce() {
    TestModels.mlp(4, 6, 3, 1);
    OpExecutioner fenced = Nd4j.getExecutioner();

    TestModels.mlp(4, 6, 3, 2);

    assertThat(OperandFence.installed()).isTrue();
    assertThat(OperandFence.install()).isTrue();
    assertThat(Nd4j.getExecutioner()).isSameAs(fenced);
  }

  @Test
  void operationsThroughTheFenceComputeWhatNd4jComputes() {
    OperandFence.install();
    INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    INDArray row = Nd4j.createFromArray(new float[] {10, 100, 1000});

    INDArray product = x.mulRowVector(row);
    INDArray z = Nd4j.create(x.dataType(), 2, 3);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(x, row, z, 1));

    float[][] expected = {{10, 200, 3000}, {40, 500, 6000}};
    assertThat(product.toFloatMatrix()).isDeepEqualTo(expected);
    assertThat(z.toFloatMatrix()).isDeepEqualTo(expected);
  }

  @Test
  void theExecutionersErrorsReachTheCallerAsThemselves() {
    OperandFence.install();
    INDArray a = Nd4j.ones(2, 3);
    INDArray b = Nd4j.ones(4, 5);
    CustomOp add = DynamicCustomOp.builder("add").addInputs(a, b).addOutputs(a).build();

    // Shapes that do not broadcast fail inside the native operation, behind the fence.
    assertThatThrownBy(() -> Nd4j.getExecutioner().exec(add))
        .isInstanceOf(RuntimeException.class)
        .isNotInstanceOf(UndeclaredThrowableException.class)
        .hasMessageContaining("add");
  }

  @Test
  void thePropertyLeavesNd4jsExecutionerUnfenced() throws Exception {
    List<String> unfenced = List.of("-D" + OperandFence.PROPERTY + "=false");
    try (ChildJvm child = ChildJvm.start(unfenced, BatchNormUnderCollections.class, "1")) {
      assertThat(child.awaitLine("trained")).endsWith("fenced=false");
    }
  }

  /**
   * The failure the fence exists for. With collections during nearly every native operation (serial
   * collector, 512 KB young generation, another thread allocating), the unfenced executioner
   * crashed this JVM in 4 of 4 runs, after 5-21 s (under G1 with a 1 MB young generation, 4 of 4
   * after 8-26 s; SIGSEGV in {@code sd::DataBuffer::primary} under BatchNormalization); fenced, 3
   * of 3 runs trained their 30 s.
   */
  @Test
  void aBatchNormNetworkTrainsThroughGarbageCollectionsDuringItsNativeOperations()
      throws Exception {
    List<String> collectConstantly = List.of("-XX:+UseSerialGC", "-Xmn512k");
    try (ChildJvm child =
        ChildJvm.start(collectConstantly, BatchNormUnderCollections.class, "30")) {
      String line = child.awaitLine("trained");

      assertThat(line).endsWith("fenced=true");
      assertThat(child.exitCode(Duration.ofSeconds(60))).isZero();
    }
  }
}
