package org.trainer4j.parallel;

import com.sun.jna.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where an ND4J array's first element lives in native memory, for zero-copy MPI calls. */
final class NativeArrays {

  private NativeArrays() {}

  /** The address of {@code array}'s first element (views included: their offset is added). */
  static Pointer address(INDArray array) {
    long base = array.data().address();
    return new Pointer(base + array.offset() * array.dataType().width());
  }
}
