// Test harness, not part of a user's project: checks the consumer build (see invoker.properties).
import groovy.json.JsonSlurper

File dir = basedir

// A user depending on trainer4j-extensions gets trainer4j, DL4J and ND4J with linux-x86_64 natives...
List<String> deps = new File(dir, 'dependencies.txt').readLines()
    .collect { it.trim() }
    .findAll { it ==~ /[^ :]+:[^ :]+:.*:(compile|runtime)( .*)?/ }
for (String expected : ['org.trainer4j:trainer4j-framework:jar:', 'org.trainer4j:trainer4j-extensions:jar:',
                        'org.deeplearning4j:deeplearning4j-nn:jar:', 'org.nd4j:nd4j-native:jar:linux-x86_64:']) {
  assert deps.any { it.startsWith(expected) }: "missing ${expected} in ${deps}"
}
// ...and nothing a library must not impose: test frameworks, logging backends or bridges, PDFBox,
// or another platform's native code.
def forbidden = [
    ~/^(org\.junit|junit|org\.testng|org\.hamcrest|org\.mockito|org\.assertj|org\.opentest4j|org\.apiguardian):.*/,
    ~/^(ch\.qos\.logback|org\.apache\.logging\.log4j|log4j|commons-logging):.*/,
    ~/^org\.slf4j:(?!slf4j-api:).*/,
    ~/^(org\.apache\.pdfbox|de\.rototor\.pdfbox):.*/,
    ~/^[^:]+:[^:]+:jar:(?!linux-x86_64:)[a-z]+-(x86|x86_64|arm64|armhf|aarch64|ppc64le|x86_64-avx2|x86_64-avx512)(-[a-z0-9]+)?:.*/,
    ~/^[^:]+:[^:]+:jar:(windows|macosx|android|ios)-[^:]+:.*/,
]
List<String> bad = deps.findAll { d -> forbidden.any { d ==~ it } }
assert bad.isEmpty(): "a consumer of trainer4j-extensions must not get: ${bad}"

// The script trained three epochs with validation, a batch-size search and snapshots.
def log = new JsonSlurper().parse(new File(dir, 'target/result/log'))
assert log.size() == 3: "expected one log entry per epoch, got ${log}"
assert log.every { it.containsKey('validation/main/loss') && it.containsKey('minibatch/size') }
assert log[2]['validation/main/loss'] < log[0]['validation/main/loss']: "validation loss did not fall: ${log}"
assert new File(dir, 'target/result/minibatch_search.json').isFile()
assert new File(dir, 'target/result').list().any { it.startsWith('snapshot_iter_') }
return true
