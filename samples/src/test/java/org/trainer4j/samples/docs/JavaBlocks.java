package org.trainer4j.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The Java blocks of Markdown files, turned into compilation units and compiled. The convention
 * (also stated in README.md, "Documentation"):
 *
 * <ul>
 *   <li>Every fenced block whose info string is {@code java} is compiled; none is skipped.
 *   <li>A block with {@code import} lines is a complete source file and is compiled as it is.
 *   <li>A block without imports gets {@link #DEFAULT_IMPORTS} plus every trainer4j package (the
 *       framework's, the extensions' and the samples'). If it declares a type at its first column
 *       ({@code class}, {@code interface}, {@code record}, {@code enum}), it is a source file;
 *       otherwise its statements become the body of a method.
 *   <li>Variables a block uses but does not declare are named on the line just before the fence:
 *       {@code <!-- given: Trainer trainer; Dataset train -->} (an HTML comment, not rendered).
 *       They become that method's parameters.
 * </ul>
 */
final class JavaBlocks {

  static final List<String> DEFAULT_IMPORTS =
      List.of(
          "java.io.*",
          "java.nio.file.*",
          "java.time.*",
          "java.util.*",
          "org.deeplearning4j.nn.conf.MultiLayerConfiguration",
          "org.deeplearning4j.nn.conf.NeuralNetConfiguration",
          "org.deeplearning4j.nn.conf.inputs.InputType",
          "org.deeplearning4j.nn.conf.layers.*",
          "org.deeplearning4j.nn.multilayer.MultiLayerNetwork",
          "org.nd4j.linalg.activations.Activation",
          "org.nd4j.linalg.api.ndarray.INDArray",
          "org.nd4j.linalg.factory.Nd4j",
          "org.nd4j.linalg.lossfunctions.LossFunctions");

  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
  private static final Pattern GIVEN = Pattern.compile("^\\s*<!--\\s*given:(.*)-->\\s*$");
  private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+[\\w.*]+\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^(?:(?:public|final|abstract|sealed|static)\\s+)*(class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "(?m)^public\\s+(?:(?:final|abstract|sealed|static)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

  private JavaBlocks() {}

  /** One fenced Java block: where it is, its text, and what the line before it says is given. */
  record Block(String file, int line, String code, List<String> given) {

    String where() {
      return file + ":" + line;
    }
  }

  /** A compile error, located in the Markdown file. */
  record Error(String where, String message) {}

  /** Every Java block of {@code markdown}, in order; {@code file} names it in messages. */
  static List<Block> extract(String file, String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String fence = open.group(2);
      boolean java = open.group(3).toLowerCase(Locale.ROOT).equals("java");
      StringBuilder code = new StringBuilder();
      int end = i + 1;
      while (end < lines.size() && !closes(lines.get(end), fence)) {
        String line = lines.get(end);
        code.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
        end++;
      }
      if (java) {
        blocks.add(new Block(file, i + 1, code.toString(), given(i > 0 ? lines.get(i - 1) : "")));
      }
      i = end;
    }
    return blocks;
  }

  private static boolean closes(String line, String fence) {
    String trimmed = line.strip();
    return trimmed.length() >= fence.length()
        && trimmed.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static List<String> given(String previousLine) {
    Matcher m = GIVEN.matcher(previousLine);
    if (!m.matches()) {
      return List.of();
    }
    return Stream.of(m.group(1).split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Every trainer4j package under {@code sourceRoots}, for wildcard imports. */
  static List<String> packagesUnder(List<Path> sourceRoots) {
    List<String> packages = new ArrayList<>();
    for (Path root : sourceRoots) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .map(p -> root.relativize(p.getParent()).toString().replace('/', '.'))
            .distinct()
            .forEach(packages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return packages.stream().distinct().sorted().map(p -> p + ".*").toList();
  }

  /**
   * Compiles {@code blocks} (each in a package of its own) against this JVM's class path into
   * {@code outDir}; returns the errors, located in the Markdown files.
   */
  static List<Error> compile(List<Block> blocks, List<String> projectImports, Path outDir) {
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      units.add(Unit.of(blocks.get(i), "docs.block" + i, projectImports));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options =
        List.of(
            "-proc:none",
            "--release",
            "17",
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            outDir.toString());
    javac.getTask(null, null, diagnostics, options, null, units).call();
    List<Error> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        Unit unit = (Unit) d.getSource();
        String message = d.getMessage(Locale.ROOT);
        errors.add(
            unit == null
                ? new Error("javac", message)
                : new Error(unit.locate(d.getLineNumber()), message));
      }
    }
    return errors;
  }

  /** A block as a source file; knows which Markdown line each of its lines came from. */
  static final class Unit extends SimpleJavaFileObject {

    private final Block block;
    private final String source;
    private final int headerLines;

    private Unit(Block block, String packageName, String typeName, String header, String body) {
      super(
          URI.create("string:///" + packageName.replace('.', '/') + "/" + typeName + ".java"),
          Kind.SOURCE);
      this.block = block;
      this.headerLines = (int) header.lines().count();
      this.source = header + body;
    }

    static Unit of(Block block, String packageName, List<String> projectImports) {
      String code = block.code();
      if (code.lines().anyMatch(l -> l.strip().startsWith("package "))) {
        throw new IllegalArgumentException(block.where() + ": a block must not declare a package");
      }
      StringBuilder header = new StringBuilder("package " + packageName + ";\n");
      boolean complete = IMPORT.matcher(code).find();
      if (!complete) {
        Stream.concat(DEFAULT_IMPORTS.stream(), projectImports.stream())
            .forEach(i -> header.append("import ").append(i).append(";\n"));
      }
      if (complete || TYPE.matcher(code).find()) {
        Matcher publicType = PUBLIC_TYPE.matcher(code);
        String name = publicType.find() ? publicType.group(1) : "Block";
        return new Unit(block, packageName, name, header.toString(), code);
      }
      String parameters = String.join(", ", block.given());
      header
          .append("class Block {\n  void run(")
          .append(parameters)
          .append(") throws Exception {\n");
      return new Unit(block, packageName, "Block", header.toString(), code + "  }\n}\n");
    }

    String locate(long unitLine) {
      long inBlock = unitLine - headerLines;
      if (inBlock < 1 || inBlock > block.code().lines().count()) {
        return block.where() + " (block)";
      }
      return block.file() + ":" + (block.line() + inBlock);
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }
}
