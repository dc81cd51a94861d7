package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdArrayEntriesTest {

  @Test
  void arraysOfEveryFixedWidthTypeAndShapePass() throws Exception {
    INDArray base = Nd4j.linspace(1, 24, 24, DataType.DOUBLE).reshape(2, 3, 4);
    for (DataType type :
        new DataType[] {
          DataType.DOUBLE,
          DataType.FLOAT,
          DataType.HALF,
          DataType.LONG,
          DataType.INT,
          DataType.SHORT,
          DataType.BYTE,
          DataType.UBYTE,
          DataType.BOOL
        }) {
      assertThat(NdArrayEntries.problem(Nd4j.toByteArray(base.castTo(type))))
          .as("%s", type)
          .isEmpty();
    }
    assertThat(NdArrayEntries.problem(Nd4j.toByteArray(Nd4j.scalar(3.5f)))).isEmpty();
    assertThat(NdArrayEntries.problem(Nd4j.toByteArray(Nd4j.create(DataType.FLOAT, 0, 5))))
        .isEmpty();
    assertThat(NdArrayEntries.problem(Nd4j.toByteArray(base.permute(2, 0, 1).dup('f')))).isEmpty();
  }

  @Test
  void aDataHeaderClaimingMoreValuesThanFollowIsRefusedBeforeNd4jAllocates() throws Exception {
    byte[] bytes = Nd4j.toByteArray(Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}));
    int at = lengthOffsetOfDataHeader(bytes);
    ByteBuffer.wrap(bytes).putLong(at, 1L << 40);

    assertThat(NdArrayEntries.problem(bytes).orElseThrow())
        .contains("states 1099511627776 FLOAT values")
        .contains("but 16 bytes follow");
  }

  @Test
  void aShapeReachingPastTheDataIsRefused() throws Exception {
    byte[] bytes = Nd4j.toByteArray(Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}));
    // shape information: mode "MIXED_DATA_TYPES"/"LONG_SHAPE", length, "LONG", then rank, dims...
    int firstDim = indexOfUtf(bytes, "LONG", 0) + 2 + 4 + 8;
    ByteBuffer.wrap(bytes).putLong(firstDim, 1000);

    assertThat(NdArrayEntries.problem(bytes).orElseThrow()).contains("addresses 2000 elements");
  }

  @Test
  void garbageIsAnUnreadableHeader() {
    assertThat(NdArrayEntries.problem(new byte[] {0, 3, 'F', 'O', 'O'}))
        .get()
        .asString()
        .contains("unreadable");
    assertThat(NdArrayEntries.problem(new byte[0])).get().asString().contains("unreadable");
  }

  /** Offset of the 8-byte length in the second (data) buffer header. */
  private static int lengthOffsetOfDataHeader(byte[] bytes) {
    int shapeType = indexOfUtf(bytes, "LONG", 0);
    int shapeLength = (int) ByteBuffer.wrap(bytes).getLong(shapeType - 8);
    int dataHeader = shapeType + 2 + 4 + 8 * shapeLength;
    int modeLength = ByteBuffer.wrap(bytes).getShort(dataHeader);
    return dataHeader + 2 + modeLength;
  }

  private static int indexOfUtf(byte[] bytes, String text, int from) {
    byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = from + 2; i + needle.length <= bytes.length; i++) {
      if (bytes[i - 1] == needle.length
          && bytes[i - 2] == 0
          && Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        return i - 2;
      }
    }
    throw new AssertionError(text + " not found");
  }
}
