#!/usr/bin/env bash
# Run here (no GPU needed), from the repository root after
#   mvn -B -q package -DskipTests -pl samples -am
# Puts a jlinked JRE and only what the `monitor` command loads (no DL4J, no ND4J) into
# .device/nvml-check/ (ignored by git): about 30 MiB, so that it travels to a GPU machine with the
# working tree within the 64 MiB a device call carries.
set -euo pipefail
dest=.device/nvml-check
lib=samples/target/lib
rm -rf "$dest" && mkdir -p "$dest/lib"
for jar in picocli-4 trainer4j-extensions trainer4j-framework jna-5 jna-platform oshi-core slf4j-api \
    guava-33; do
  cp "$lib/$jar"*.jar "$dest/lib/"
done
# slf4j-simple logs to standard error without an XML configuration, so the JRE needs no java.xml
# (logback would): that keeps the carried files under the limit.
slf4j=$(basename "$lib"/slf4j-api-*.jar .jar); slf4j=${slf4j#slf4j-api-}
mvn -B -q dependency:copy -Dartifact="org.slf4j:slf4j-simple:$slf4j" -DoutputDirectory="$dest/lib"
# The command's own classes only: the samples jar also holds the embedded datasets.
(cd samples/target/classes && jar cf "$OLDPWD/$dest/lib/monitor-command.jar" \
  org/trainer4j/samples/cli/Main*.class org/trainer4j/samples/cli/MonitorCommand*.class \
  org/trainer4j/samples/cli/MonitorPhase.class)
# JNA's and OSHI's optional AWT and JNDI references are never loaded on this path, so the JRE
# leaves java.desktop and java.naming out (half its size).
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug \
  --no-man-pages --no-header-files --compress=2 --output "$dest/jre"
strip --strip-unneeded "$dest"/jre/lib/server/libjvm.so
du -sh "$dest"
