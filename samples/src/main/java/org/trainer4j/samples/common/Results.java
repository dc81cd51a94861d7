package org.trainer4j.samples.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.trainer4j.serialization.AtomicFiles;

/** Writes sample results as JSON and CSV, each atomically (see {@link AtomicFiles}). */
public final class Results {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Results() {}

  /** Writes {@code value} (records, maps and lists) as indented JSON to {@code file}. */
  public static void writeJson(Path file, Object value) throws IOException {
    atomically(file, JSON.writeValueAsString(value));
  }

  /** Writes a CSV with a header row; cells are written with {@code String.valueOf}. */
  public static void writeCsv(Path file, List<String> header, List<List<?>> rows)
      throws IOException {
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (List<?> row : rows) {
      sb.append(row.stream().map(Results::cell).collect(Collectors.joining(","))).append('\n');
    }
    atomically(file, sb.toString());
  }

  private static String cell(Object value) {
    String s = String.valueOf(value);
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static void atomically(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
