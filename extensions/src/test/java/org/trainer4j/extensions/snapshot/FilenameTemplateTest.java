package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FilenameTemplateTest {

  @Test
  void formatsAndRecognizesIterationAndEpoch() {
    FilenameTemplate t = new FilenameTemplate("snap_e{epoch}_i{iteration}.zip");

    assertThat(t.format(120, 3)).isEqualTo("snap_e3_i120.zip");
    assertThat(t.orderOf("snap_e3_i120.zip")).hasValue(120);
    assertThat(t.orderOf("snap_e3_i120.zip.bak")).isEmpty();
    assertThat(t.orderOf(".snap_e3_i120.zip.99.tmp")).isEmpty();
  }

  @Test
  void literalPartsAreNotRegularExpressions() {
    FilenameTemplate t = new FilenameTemplate("model.{epoch}");

    assertThat(t.orderOf("model.7")).hasValue(7);
    assertThat(t.orderOf("modelx7")).isEmpty();
  }

  @Test
  void aTemplateWithoutPlaceholdersMatchesItsOneFile() {
    assertThat(new FilenameTemplate("latest").orderOf("latest")).hasValue(0);
  }

  @Test
  void refusesUnknownPlaceholdersAndPaths() {
    assertThatThrownBy(() -> new FilenameTemplate("snap_{updater.iteration}"))
        .hasMessageContaining("unknown placeholder {updater.iteration}");
    assertThatThrownBy(() -> new FilenameTemplate("dir/snap"))
        .hasMessageContaining("plain file name");
  }

  @Test
  void refusesPlaceholdersWithNothingBetweenThemToReadThemBackApart() {
    // s_1100 would be iteration 100 of epoch 1 or iteration 0 of epoch 11.
    assertThatThrownBy(() -> new FilenameTemplate("s_{epoch}{iteration}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need something between them");
    assertThat(new FilenameTemplate("s_{epoch}_{iteration}").orderOf("s_1_100")).hasValue(100);
  }
}
