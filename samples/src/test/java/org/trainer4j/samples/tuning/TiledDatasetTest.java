package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.datasets.SyntheticDataset;

class TiledDatasetTest {

  private final ArrayDataset base = SyntheticDataset.classification(10, new long[] {4}, 2, 1.0, 3);

  @Test
  void indexIServesBaseExampleIModuloTheBaseSize() {
    TiledDataset tiled = new TiledDataset(base, 25);

    assertThat(tiled.size()).isEqualTo(25);
    assertThat(tiled.get(new int[] {23}).features()).isEqualTo(base.get(new int[] {3}).features());
  }

  @Test
  void rejectsIndicesBeyondItsOwnSize() {
    TiledDataset tiled = new TiledDataset(base, 25);

    assertThatThrownBy(() -> tiled.get(new int[] {25}))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void describesItselfAsTiled() {
    assertThat(new TiledDataset(base, 25).describe()).contains("synthetic").contains("tiled to 25");
  }
}
