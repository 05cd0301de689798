package org.activeseg.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU machine's scripts (benchmarks/device) run what they say, checked here without a GPU
 * through their plan mode (PLAN=1 prints one "PLAN step what" line per thing a run would do):
 * gpu-session.sh runs every cuda/dev harness of CMakeLists.txt, every *IT, the torch parity tests,
 * memcheck on classes that exist, and JMH runs (benchmarks/device/jmh-runs.txt) that each select an
 * existing benchmark class with the @Params they set, covering every benchmark with a cuda backend;
 * gpu_report.py --strict has a rule for every row those runs produce.
 */
class GpuScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // surefire runs in java/
    private static final Path DEVICE = ROOT.resolve("benchmarks/device");
    private static final Path BENCH_SOURCES = ROOT.resolve("benchmarks/src/main/java/org/activeseg/bench");
    private static final Path TEST_SOURCES = ROOT.resolve("java/src/test/java");

    /** A JMH benchmark class: its @Benchmark methods and its @Params with their declared values. */
    record BenchmarkClass(String name, List<String> methods, Map<String, List<String>> params) {}

    /** One planned JMH run: the include regex and the -p values. */
    record JmhRun(String include, Map<String, List<String>> params) {}

    private static List<String> sessionPlan;

    @BeforeAll
    static void plan() throws Exception {
        assumeTrue(Files.isDirectory(DEVICE), "skipped: " + DEVICE + " is not here");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no /bin/bash");
        sessionPlan = plan("gpu-session.sh");
    }

    /** The PLAN lines of {@code script} (its exit status must be 0). */
    private static List<String> plan(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", DEVICE.resolve(script).toString()).redirectErrorStream(true);
        for (String inherited : List.of("STEPS", "JMH_RUNS", "JMH_INCLUDE", "JMH_ARGS", "OUT", "BUDGET_S")) {
            pb.environment().remove(inherited);
        }
        pb.environment().put("PLAN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " in plan mode did not finish");
        assertEquals(0, p.exitValue(), script + " in plan mode failed:\n" + out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("PLAN ")), script + " printed more than its plan:\n" + out);
        return lines;
    }

    private static List<String> step(List<String> plan, String step) {
        String prefix = "PLAN " + step + " ";
        return plan.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void everyScriptParses() throws Exception {
        try (Stream<Path> scripts = Files.list(DEVICE)) {
            for (Path script : scripts.filter(s -> s.toString().endsWith(".sh")).toList()) {
                Process p = new ProcessBuilder("/bin/bash", "-n", script.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), "bash -n " + script + ":\n" + out);
            }
        }
    }

    @Test
    void theSessionRunsEveryHarnessThatCMakeBuilds() throws IOException {
        String cmake = Files.readString(ROOT.resolve("CMakeLists.txt"));
        Matcher m = Pattern.compile("activeseg_add_dev_harness\\((\\w+) (cuda/dev/[\\w.]+)\\)").matcher(cmake);
        Set<String> targets = new TreeSet<>();
        Set<String> sources = new TreeSet<>();
        while (m.find()) {
            targets.add(m.group(1));
            sources.add(m.group(2));
        }
        try (Stream<Path> dev = Files.list(ROOT.resolve("cuda/dev"))) {
            Set<String> harnessFiles = dev.map(p -> "cuda/dev/" + p.getFileName()).filter(n -> n.endsWith(".cu"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(harnessFiles, sources, "every cuda/dev/*.cu is a harness target of CMakeLists.txt");
        }
        Set<String> run = step(sessionPlan, "harness").stream().map(l -> l.split(" ")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(targets, run, "gpu-session.sh (run-gpu-checks.sh) runs every harness CMake builds");
    }

    @Test
    void theSessionRunsEveryIntegrationTestTheParityTestsAndMemcheckOnExistingClasses() throws IOException {
        Set<String> its;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            its = files.filter(p -> p.getFileName().toString().endsWith("IT.java"))
                    .map(p -> TEST_SOURCES.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertFalse(its.isEmpty());
        assertEquals(its, new TreeSet<>(step(sessionPlan, "tests")), "every *IT runs, requiring CUDA");
        List<String> parity = step(sessionPlan, "parity");
        assertTrue(parity.contains("org.activeseg.model.layers.TorchLayerParityTest"), parity.toString());
        assertTrue(parity.contains("org.activeseg.model.net.TorchNetworkParityTest"), parity.toString());
        List<String> named = new ArrayList<>(parity);
        named.addAll(step(sessionPlan, "memcheck"));
        assertFalse(step(sessionPlan, "memcheck").isEmpty());
        for (String cls : named) {
            assertTrue(Files.isRegularFile(TEST_SOURCES.resolve(cls.replace('.', '/') + ".java")), cls + " does not exist");
        }
        assertEquals(List.of("org.activeseg.backend", "org.activeseg.device"), step(sessionPlan, "unit"));
    }

    @Test
    void everyJmhRunSelectsExistingBenchmarksAndSetsOnlyTheirParams() throws Exception {
        Map<String, BenchmarkClass> benchmarks = benchmarkClasses();
        List<JmhRun> runs = jmhRuns(sessionPlan);
        assertFalse(runs.isEmpty(), "the session runs no JMH benchmark");
        for (JmhRun run : runs) {
            List<BenchmarkClass> selected = selected(run, benchmarks);
            assertFalse(selected.isEmpty(), "JMH include '" + run.include() + "' selects no benchmark of " + BENCH_SOURCES);
            for (BenchmarkClass b : selected) {
                run.params().forEach((name, values) -> {
                    List<String> declared = b.params().get(name);
                    assertTrue(declared != null, run.include() + " sets -p " + name + " but " + b.name()
                            + " has no such @Param (it has " + b.params().keySet() + ")");
                    assertTrue(declared.containsAll(values), run.include() + " sets " + name + "=" + values + " but "
                            + b.name() + " declares " + declared);
                });
            }
        }
        // the runs of the session are bench-gpu.sh's own (jmh-runs.txt), also under run-gpu-checks.sh
        assertEquals(step(sessionPlan, "jmh"), step(plan("bench-gpu.sh"), "jmh"));
        assertEquals(step(sessionPlan, "jmh"), step(plan("run-gpu-checks.sh"), "jmh"));
    }

    @Test
    void everyBenchmarkWithACudaBackendRunsOnCudaOnlyAndBothLaunchRoutesAreTimed() throws IOException {
        Map<String, BenchmarkClass> benchmarks = benchmarkClasses();
        List<JmhRun> runs = jmhRuns(sessionPlan);
        Map<String, List<String>> backendsRun = new LinkedHashMap<>();
        for (JmhRun run : runs) {
            for (BenchmarkClass b : selected(run, benchmarks)) {
                if (b.params().containsKey("backend")) {
                    List<String> backends = run.params().get("backend");
                    assertTrue(backends != null && backends.stream().allMatch(v -> v.startsWith("cuda")),
                            run.include() + " must pick cuda backends of " + b.name() + " with -p backend=..., got " + backends);
                    backendsRun.computeIfAbsent(b.name(), k -> new ArrayList<>()).addAll(backends);
                } else {
                    backendsRun.computeIfAbsent(b.name(), k -> new ArrayList<>());
                }
            }
        }
        for (BenchmarkClass b : benchmarks.values()) {
            List<String> backends = b.params().getOrDefault("backend", List.of());
            if (backends.stream().anyMatch(v -> v.startsWith("cuda"))) {
                assertTrue(backendsRun.containsKey(b.name()), b.name() + " takes a cuda backend " + backends
                        + " but no JMH run of the GPU session selects it: " + runs);
            }
        }
        assertTrue(backendsRun.get("PixelEntropyBenchmark").containsAll(List.of("cuda-panama-resident", "cuda-jcuda-resident")),
                "the two launch routes of the same kernel, device-resident: " + backendsRun.get("PixelEntropyBenchmark"));
        assertTrue(backendsRun.containsKey("NativeCallOverheadBenchmark"), "Panama vs JCuda call cost: " + backendsRun.keySet());
    }

    @Test
    void gpuReportHasARuleForEveryRowTheRunsProduce(@TempDir Path tmp) throws Exception {
        Map<String, BenchmarkClass> benchmarks = benchmarkClasses();
        StringBuilder json = new StringBuilder("[");
        List<String> expectedBackends = new ArrayList<>();
        for (JmhRun run : jmhRuns(sessionPlan)) {
            for (BenchmarkClass b : selected(run, benchmarks)) {
                for (String method : b.methods()) {
                    for (String backend : run.params().getOrDefault("backend", Arrays.asList((String) null))) {
                        Map<String, String> params = new LinkedHashMap<>();
                        b.params().forEach((k, v) -> params.put(k, run.params().getOrDefault(k, v).getFirst()));
                        if (backend != null) {
                            params.put("backend", backend);
                            expectedBackends.add(backend);
                        }
                        if (json.length() > 1) {
                            json.append(',');
                        }
                        json.append("{\"benchmark\":\"org.activeseg.bench.").append(b.name()).append('.').append(method)
                                .append("\",\"params\":{")
                                .append(params.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                                        .collect(Collectors.joining(",")))
                                .append("},\"primaryMetric\":{\"score\":1.5,\"scoreError\":0.1,\"scoreUnit\":\"ms/op\"}}");
                    }
                }
            }
        }
        Path results = Files.writeString(tmp.resolve("jmh.json"), json.append(']').toString());
        Process p;
        try {
            p = new ProcessBuilder("python3", ROOT.resolve("benchmarks/python/gpu_report.py").toString(), "--strict",
                    results.toString(), tmp.resolve("no-torch.jsonl").toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("SKIPPED GpuScriptsTest gpu_report.py check: no python3: " + e.getMessage());
            assumeTrue(false, "no python3: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "gpu_report.py --strict on the planned rows:\n" + out);
        for (String backend : expectedBackends) {
            assertTrue(out.contains("| " + backend + " |"), "no row for backend " + backend + ":\n" + out);
        }
        assertTrue(out.contains("| panama-abi-version | one call | java |"), out);
    }

    /** The JMH runs of a plan: "PLAN jmh INCLUDE [-p name=v1,v2]...". */
    private static List<JmhRun> jmhRuns(List<String> plan) {
        List<JmhRun> runs = new ArrayList<>();
        for (String line : step(plan, "jmh")) {
            String[] words = line.trim().split("\\s+");
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i += 2) {
                assertEquals("-p", words[i], "a GPU JMH run takes only -p options (the scripts set the rest): " + line);
                String[] kv = words[i + 1].split("=", 2);
                params.put(kv[0], List.of(kv[1].split(",")));
            }
            runs.add(new JmhRun(words[0], params));
        }
        return runs;
    }

    /** The classes whose org.activeseg.bench.Class.method names the include regex finds (JMH's matching). */
    private static List<BenchmarkClass> selected(JmhRun run, Map<String, BenchmarkClass> benchmarks) {
        Pattern include = Pattern.compile(run.include());
        return benchmarks.values().stream()
                .filter(b -> b.methods().stream().anyMatch(m -> include.matcher("org.activeseg.bench." + b.name() + "." + m).find()))
                .toList();
    }

    /** Every class of benchmarks/src with a @Benchmark method, read from its source. */
    static Map<String, BenchmarkClass> benchmarkClasses() throws IOException {
        Pattern method = Pattern.compile("@Benchmark\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*public\\s+[\\w\\[\\]<>]+\\s+(\\w+)\\s*\\(");
        Pattern param = Pattern.compile("@Param\\(\\{([^}]*)\\}\\)\\s*public\\s+\\w+\\s+(\\w+)\\s*;");
        Pattern quoted = Pattern.compile("\"([^\"]*)\"");
        Map<String, BenchmarkClass> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(BENCH_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f);
                List<String> methods = new ArrayList<>();
                for (Matcher m = method.matcher(src); m.find(); ) {
                    methods.add(m.group(1));
                }
                if (methods.isEmpty()) {
                    continue;
                }
                Map<String, List<String>> params = new LinkedHashMap<>();
                for (Matcher m = param.matcher(src); m.find(); ) {
                    List<String> values = new ArrayList<>();
                    for (Matcher q = quoted.matcher(m.group(1)); q.find(); ) {
                        values.add(q.group(1));
                    }
                    params.put(m.group(2), values);
                }
                String name = f.getFileName().toString().replaceAll("\\.java$", "");
                out.put(name, new BenchmarkClass(name, methods, params));
            }
        }
        assertTrue(out.containsKey("PixelEntropyBenchmark") && out.get("PixelEntropyBenchmark").params().containsKey("backend"),
                "the benchmark sources were not read: " + out.keySet());
        return out;
    }
}
