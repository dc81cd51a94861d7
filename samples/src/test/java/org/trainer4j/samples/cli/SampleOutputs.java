package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks on the files a sample writes. */
final class SampleOutputs {

  private SampleOutputs() {}

  static JsonNode json(Path file) throws IOException {
    assertThat(file).exists();
    return new ObjectMapper().readTree(file.toFile());
  }

  /** The CSV's rows without the header, after checking the header. */
  static List<String> csvRows(Path file, String header) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo(header);
    return lines.subList(1, lines.size());
  }

  static void assertPng(Path file) throws IOException {
    assertThat(file).exists();
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("%s decodes as an image", file).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(100);
  }
}
