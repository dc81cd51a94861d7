package org.trainer4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  private static final Path SOURCE = Path.of("src/main/java/org/trainer4j/samples/Quickstart.java");
  private static final Path README = Path.of("../README.md");

  @Test
  void readmeShowsTheQuickstartSourceVerbatim() throws Exception {
    String source = Files.readString(SOURCE);
    String readme = Files.readString(README);

    assertThat(readme).contains(source.substring(source.indexOf("import ")).strip());
  }

  @Test
  void quickstartTrainsAndTheLossFalls() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }

    List<String[]> rows =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(String::trim)
            .filter(l -> l.matches("^\\d+\\s.*"))
            .map(l -> l.split("\\s+"))
            .toList();
    assertThat(rows).hasSize(5);
    double firstLoss = Double.parseDouble(rows.get(0)[1]);
    double lastLoss = Double.parseDouble(rows.get(4)[1]);
    assertThat(lastLoss).isLessThan(firstLoss);
    // four classes: chance is 0.25
    assertThat(Double.parseDouble(rows.get(4)[2])).isGreaterThan(0.5);
  }
}
