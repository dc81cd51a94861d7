package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class StateReaderTest {

  @Test
  void readsBackEveryValueTheWriterStored() {
    StateTree tree = new StateTree();
    Serializer w = new StateWriter(tree).child("a");
    w.serializeInt("i", 3);
    w.serializeLong("l", 1L << 40);
    w.serializeDouble("d", 0.25);
    w.serializeBoolean("b", true);
    w.serializeString("s", "x");
    w.serializeNullableDouble("n", null);
    w.serializeIntArray("ia", new int[] {1, 2});
    w.serializeDoubleArray("da", new double[] {0.5});
    w.serializeArray("arr", Nd4j.createFromArray(1f, 2f));
    w.serializeBytes("bytes", new byte[] {7});

    Serializer r = new StateReader(tree).child("a");

    assertThat(r.serializeInt("i", 0)).isEqualTo(3);
    assertThat(r.serializeLong("l", 0)).isEqualTo(1L << 40);
    assertThat(r.serializeDouble("d", 0)).isEqualTo(0.25);
    assertThat(r.serializeBoolean("b", false)).isTrue();
    assertThat(r.serializeString("s", null)).isEqualTo("x");
    assertThat(r.serializeNullableDouble("n", 9.0)).isNull();
    assertThat(r.serializeIntArray("ia", null)).containsExactly(1, 2);
    assertThat(r.serializeDoubleArray("da", null)).containsExactly(0.5);
    assertThat(r.serializeArray("arr", null)).isEqualTo(Nd4j.createFromArray(1f, 2f));
    assertThat(r.serializeBytes("bytes", null)).containsExactly(7);
    assertThat(r.path()).isEqualTo("/a");
  }

  @Test
  void missingKeyKeepsTheCurrentValue() {
    Serializer r = new StateReader(new StateTree());

    assertThat(r.serializeInt("absent", 42)).isEqualTo(42);
    assertThat(r.child("nothing").serializeDouble("x", 1.5)).isEqualTo(1.5);
  }

  @Test
  void anIntThatDoesNotFitIsAnErrorNamingItsPathAndValue() {
    StateTree tree = new StateTree();
    new StateWriter(tree).child("updater").child("iterator:main").serializeLong("epoch", 1L << 33);
    Serializer iterator = new StateReader(tree).child("updater").child("iterator:main");

    assertThatThrownBy(() -> iterator.serializeInt("epoch", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/updater/iterator:main/epoch")
        .hasMessageContaining("8589934592");
  }

  @Test
  void valueOfTheWrongTypeIsAnErrorNamingItsPath() {
    StateTree tree = new StateTree();
    new StateWriter(tree).child("updater").serializeString("iteration", "ten");

    assertThatThrownBy(() -> new StateReader(tree).child("updater").serializeLong("iteration", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/updater/iteration")
        .hasMessageContaining("String");
  }
}
