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
}
