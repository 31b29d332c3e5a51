package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import commands.completion.Candidates;
import commands.completion.Completer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.LocalKubernetesApi;

/**
 * `pool completion bash|zsh|fish`: the bash script run by bash itself (COMP_WORDS/COMP_CWORD set,
 * the function called, COMPREPLY read), calling back a real `pool __complete` process that reads
 * release names, revisions, namespaces and contexts from the local Kubernetes API; the zsh and
 * fish scripts syntax-checked by their shells where installed.
 */
class CompletionCommandTest {
    static LocalKubernetesApi api;
    static Path kubeconfig;
    static Path poolProgram;
    static Path bashScript;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        api = LocalKubernetesApi.start();
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        assertEquals(0, PoolCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute("install", "alpha", "-n", "comp", "--create-namespace", "--kubeconfig", kubeconfig.toString(),
                        "--set", "inferencePool.modelServers.matchLabels.app=vllm"));
        assertEquals(0, PoolCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute("upgrade", "alpha", "-n", "comp", "--reuse-values", "--kubeconfig", kubeconfig.toString()));
        // `pool` as the scripts call it: this JVM's classpath holds pool's classes
        String java = ProcessHandle.current().info().command().orElse("java");
        poolProgram = dir.resolve("pool");
        Files.writeString(poolProgram, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' pool \"$@\"\n");
        Files.setPosixFilePermissions(poolProgram, PosixFilePermissions.fromString("rwxr-xr-x"));
        bashScript = dir.resolve("pool.bash");
        Files.writeString(bashScript, script("bash"));
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    static String script(String shell) {
        var out = new StringWriter();
        assertEquals(0, PoolCommand.commandLine().setOut(new PrintWriter(out)).execute("completion", shell));
        return out.toString();
    }

    /** COMPREPLY after completing the last of `words` (the words after `pool`) in bash; COMP_WORDS as bash splits them. */
    static List<String> bash(String... words) throws Exception {
        var compWords = new StringBuilder("'" + poolProgram + "'");
        for (String w : words) {
            compWords.append(" '").append(w.replace("'", "'\\''")).append("'");
        }
        String program = "source '" + bashScript + "'\nCOMP_WORDS=(" + compWords + ")\nCOMP_CWORD=" + words.length
                + "\n_pool_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        var result = run(List.of("bash", "-c", program));
        assertEquals(0, result.code, result.output);
        return result.output.isEmpty() ? List.of() : Arrays.stream(result.output.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    record Result(int code, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    /** The subcommand, the connection flag, then the other words. */
    static List<String> kube(String subcommand, String... words) {
        var all = new ArrayList<>(List.of(subcommand, "--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(words));
        return all;
    }

    @Test
    void subcommandsAndFlags() throws Exception {
        assertEquals(List.of("uninstall", "upgrade"), bash("u"));
        assertEquals(List.of("--reuse-values"), bash("upgrade", "--reuse"));
        assertEquals(List.of("json", "table", "yaml"), bash("status", "-o", ""));
    }

    @Test
    void valuePathsFromTheChartSchemaThroughBashsWordSplitting() throws Exception {
        assertEquals(List.of("inferencePool.modelServerType=", "inferencePool.modelServers."), bash("install", "x", "--set", "inferencePool.mo"));
        // bash splits `KEY=VALUE` at '=': "=" is its own word, and only the part after it is replaced
        assertEquals(List.of("vllm"), bash("install", "x", "--set", "inferencePool.modelServerType", "=", "v"));
        // right after '=' readline inserts after it (COMP_WORDS still ends with the "=")
        assertEquals(List.of("triton-tensorrt-llm", "vllm"), bash("install", "x", "--set", "inferencePool.modelServerType", "="));
        assertEquals(List.of("true", "false").stream().sorted().toList(), bash("upgrade", "x", "--set", "jaeger.enabled", "=", ""));
    }

    @Test
    void releaseNamesRevisionsNamespacesAndContextsFromTheCluster() throws Exception {
        assertEquals(List.of("alpha"), bash(kube("status", "-n", "comp", "").toArray(String[]::new)));
        assertEquals(List.of("1", "2"), bash(kube("rollback", "-n", "comp", "alpha", "").toArray(String[]::new)));
        assertTrue(bash(kube("list", "-n", "").toArray(String[]::new)).containsAll(List.of("comp", "default")));
        assertEquals(List.of("pool-sandbox"), bash(kube("list", "--kube-context", "").toArray(String[]::new)));
        assertEquals(List.of(), bash("status", "--kubeconfig", dir.resolve("missing").toString(), ""),
                "an unreachable cluster gives no candidates, no error");
    }

    @Test
    void completeAnswersInCobrasFormat() {
        var completer = new Completer(PoolCommand.commandLine());
        Candidates c = completer.complete(List.of("install", "x", "--set=inferencePool.modelServers."));
        assertEquals(List.of("--set=inferencePool.modelServers.matchLabels."), c.words());
        assertEquals(Candidates.NO_SPACE | Candidates.NO_FILES, c.directive());
        assertEquals("--set=inferencePool.modelServers.matchLabels.\n:6\n", c.text());
        assertEquals(List.of("a=1,provider.gke.", "a=1,provider.name="), completer.complete(List.of("install", "x", "--set", "a=1,provider.")).words());
        assertEquals(0, completer.complete(List.of("install", "x", "-f", "")).directive(), "files for --values");
        assertTrue(completer.complete(List.of("")).words().containsAll(List.of("install", "diff", "completion")));
        assertTrue(completer.complete(List.of("")).words().stream().noneMatch(w -> w.equals("__complete") || w.equals("del")),
                "neither hidden commands nor aliases");
        assertEquals(List.of("rollback", "upgrade"), completer.complete(List.of("diff", "")).words());
    }

    @Test
    void unknownShellIsBadUsage() {
        var err = new StringWriter();
        assertEquals(2, PoolCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("completion", "powershell"));
        assertTrue(err.toString().contains("unsupported shell \"powershell\": use bash, zsh or fish"), err.toString());
    }

    @Test
    void bashScriptIsValidBash() throws Exception {
        var result = run(List.of("bash", "-n", bashScript.toString()));
        assertEquals(0, result.code, result.output);
    }

    @Test
    void zshScriptIsValidZsh() throws Exception {
        syntaxCheck("zsh", List.of("-n"));
    }

    @Test
    void fishScriptIsValidFish() throws Exception {
        syntaxCheck("fish", List.of("--no-execute"));
    }

    private static void syntaxCheck(String shell, List<String> flags) throws Exception {
        Assumptions.assumeTrue(onPath(shell), "no " + shell + " on this machine: its script is not syntax-checked");
        Path file = dir.resolve("pool." + shell);
        Files.writeString(file, script(shell));
        var command = new ArrayList<>(List.of(shell));
        command.addAll(flags);
        command.add(file.toString());
        var result = run(command);
        assertEquals(0, result.code, result.output);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
