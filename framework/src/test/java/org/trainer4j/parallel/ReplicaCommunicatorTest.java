package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.testing.ReplicaThreads;

class ReplicaCommunicatorTest {

  private final ReplicaGroup group = new ReplicaGroup(3, Duration.ofSeconds(30));

  @Test
  void allReduceSumLeavesTheSameSumInEveryMembersArray() {
    List<double[]> results =
        ReplicaThreads.run(
            group,
            rank -> {
              INDArray mine = Nd4j.createFromArray(1.0 * rank, 10.0 * rank, 0.5);
              group.communicator(rank).allReduceSum(mine);
              return mine.toDoubleVector();
            });

    assertThat(results).allSatisfy(r -> assertThat(r).containsExactly(3.0, 30.0, 1.5));
  }

  @Test
  void broadcastCopiesTheRootsArrayIntoEveryMember() {
    List<double[]> results =
        ReplicaThreads.run(
            group,
            rank -> {
              INDArray mine = Nd4j.valueArrayOf(new long[] {4}, rank, DataType.DOUBLE);
              group.communicator(rank).broadcast(mine, 2);
              return mine.toDoubleVector();
            });

    assertThat(results).allSatisfy(r -> assertThat(r).containsOnly(2.0));
  }

  @Test
  void scalarReductionsAndGatherFollowRankOrder() {
    List<Object[]> results =
        ReplicaThreads.run(
            group,
            rank -> {
              Communicator c = group.communicator(rank);
              return new Object[] {
                c.allReduce(rank + 1.0, ReduceOp.MAX),
                c.allReduce(rank + 1.0, ReduceOp.MIN),
                c.allReduce(new double[] {rank, 1}, ReduceOp.SUM),
                c.allGather(new double[] {rank}),
                c.broadcast(new double[] {rank * 7.0}, 1)
              };
            });

    for (Object[] r : results) {
      assertThat(r[0]).isEqualTo(3.0);
      assertThat(r[1]).isEqualTo(1.0);
      assertThat((double[]) r[2]).containsExactly(3.0, 3.0);
      @SuppressWarnings("unchecked")
      List<double[]> gathered = (List<double[]>) r[3];
      assertThat(gathered).extracting(g -> g[0]).containsExactly(0.0, 1.0, 2.0);
      assertThat((double[]) r[4]).containsExactly(7.0);
    }
  }

  @Test
  void aSingleProcessReturnsItsOwnValues() {
    Communicator single = Communicators.single();
    INDArray array = Nd4j.createFromArray(1.0, 2.0);

    single.allReduceSum(array);
    single.broadcast(array, 0);

    assertThat(array.toDoubleVector()).containsExactly(1.0, 2.0);
    assertThat(single.allGather(new double[] {4})).hasSize(1);
    assertThat(single.rank()).isZero();
    assertThat(single.size()).isEqualTo(1);
  }
}
