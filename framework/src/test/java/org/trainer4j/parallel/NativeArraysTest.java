package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NativeArraysTest {

  @Test
  void theAddressOfAViewIsItsFirstElementNotTheBuffersStart() {
    INDArray whole = Nd4j.createFromArray(0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    INDArray view = whole.get(NDArrayIndex.interval(3, 7));

    Pointer p = NativeArrays.address(view);

    assertThat(p.getDouble(0)).isEqualTo(3.0);
    assertThat(p.getDouble(3 * Double.BYTES)).isEqualTo(6.0);
  }

  @Test
  void writesThroughTheAddressLandInTheArray() {
    INDArray floats = Nd4j.zeros(DataType.FLOAT, 2, 3);

    NativeArrays.address(floats.getRow(1)).setFloat(Float.BYTES, 5f);

    assertThat(floats.getFloat(1, 1)).isEqualTo(5f);
  }
}
