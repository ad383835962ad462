package descent.app.internal;

import static descent.app.internal.CompareCommandTests.descent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.app.internal.CompareCommandTests.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on picocli: per-command help, usage errors, @argfiles and shell completion, in process. */
class CommandsTests {

    @TempDir
    Path work;

    private static Result ok(String... argv) {
        Result r = descent(argv);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    private static void usageError(Result r, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments);
    }

    @Test
    void eachCommandHasItsOwnHelpAndHelpCommandPrintsTheSame() {
        String train = ok("train", "--help").out();
        String compare = ok("compare", "--help").out();
        assertThat(train).startsWith("Usage: descent train").contains("--optimizer=OPTIMIZER", "--resume=DIR", "--epochs=N")
                .doesNotContain("--optimizers=", "--inits=");
        assertThat(compare).startsWith("Usage: descent compare").contains("--optimizers=LIST", "--inits=N", "--epochs=N")
                .doesNotContain("--resume=", "--optimizer=");
        // the plugins' hyperparameters are options, with their ranges, on both
        for (String page : List.of(train, compare)) {
            assertThat(page).contains("--momentum=REAL", "--temperature=", "real in [0, 1)", "--beta1=REAL");
        }
        assertThat(ok("help", "train").out()).isEqualTo(train);
        assertThat(ok("help", "compare").out()).isEqualTo(compare);
        for (String command : Commands.NAMES) {
            Result r = ok(command, "-h");
            assertThat(r.out()).as(command).startsWith("Usage: descent " + command);
            assertThat(r.err()).as(command).isEmpty();
        }
        assertThat(ok("help").out()).startsWith("Usage: descent").contains("train", "compare", "completion");
        usageError(descent("help", "trian"), "unknown command 'trian'", "did you mean 'train'");
    }

    @Test
    void everyCommandRefusesAnUnknownOptionInOneLineWithExitTwo() {
        for (String command : Commands.NAMES) {
            usageError(descent(command, "--bogus", "1"), "unknown option '--bogus' for descent " + command, command + " --help");
        }
        usageError(descent("train", "--momentun", "0.9"), "unknown option '--momentun'", "did you mean", "--momentum");
        usageError(descent("list", "--foo"), "unknown option '--foo'");
        usageError(descent("frobnicate"), "unknown command 'frobnicate'");
        usageError(descent("--frob"), "--frob");
    }

    @Test
    void noArgumentsPrintsUsageToStderrWithExitTwoAndVersionExitsZero() {
        Result none = descent();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).startsWith("Usage: descent").contains("train", "compare", "serve");
        Result help = ok("--help");
        assertThat(help.out()).isEqualTo(none.err());
        assertThat(ok("--version").out()).startsWith("descent ").contains("DL4J ", "Java ");
    }

    @Test
    void aRepeatedOptionOrAMissingValueIsAUsageError() {
        usageError(descent("train", "--lr", "0.1", "--lr", "0.2"), "--lr", "only once");
        usageError(descent("train", "--dataset", "xor", "--lr"), "--lr");
        usageError(descent("serve", "a", "b", "c"), "serve takes one folder, got 3");
        usageError(descent("doctor", "extra"), "unexpected argument 'extra'");
        usageError(descent("completion", "fish"), "fish");
    }

    @Test
    void optionsCanComeFromAnArgumentFile() throws IOException {
        Path file = work.resolve("small.args");
        Path out = work.resolve("run");
        Files.writeString(file, String.join("\n", "# a small run", "--dataset xor --samples 200 --test-samples 100",
                "--hidden 8 --batch-size 20", "--lr 0.07", "--out \"" + out + "\"", ""), StandardCharsets.UTF_8);
        ok("train", "@" + file, "--epochs", "1");
        String json = Files.readString(out.resolve("run.json"));
        assertThat(json).contains("\"lr\": \"0.07\"", "\"batch-size\": \"20\"", "\"epochs\": \"1\"");
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(2);
    }

    private static String shell(String shell, Path script, String body) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(shell, "-c", "source '" + script + "' 2>/dev/null; " + body).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theBashCompletionScriptCompletesCommandsOptionsHyperparametersAndIds() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");
        Path script = work.resolve("descent.bash");
        Files.writeString(script, ok("completion", "bash").out());
        String complete = "_complete_descent 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        assertThat(shell("bash", script, "COMP_WORDS=(descent co); COMP_CWORD=1; " + complete).lines())
                .containsExactlyInAnyOrder("compare", "completion");
        assertThat(shell("bash", script, "COMP_WORDS=(descent train --bet); COMP_CWORD=2; " + complete).lines())
                .containsExactlyInAnyOrder("--beta", "--beta1", "--beta2");
        assertThat(shell("bash", script, "COMP_WORDS=(descent train --optimizer ad); COMP_CWORD=3; " + complete).lines())
                .contains("adam", "adams-pece", "adaptive-momentum").allMatch(s -> s.startsWith("ad"));
        assertThat(shell("bash", script, "COMP_WORDS=(descent compare --opt); COMP_CWORD=2; " + complete).lines())
                .containsExactly("--optimizers");
        assertThat(shell("bash", script, "COMP_WORDS=(descent train --executor ''); COMP_CWORD=3; " + complete).lines())
                .containsExactlyInAnyOrder("fast", "dl4j");
    }

    @Test
    void theZshCompletionRegistersDescentThroughBashcompinit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed (README's first command installs it)");
        Path script = work.resolve("descent.zsh");
        Files.writeString(script, ok("completion", "zsh").out());
        assertThat(shell("zsh", script, "print -r -- ${_comps[descent]}").strip()).contains("_complete_descent");
        // zsh filters the candidates by the word typed; the function gives them for the command in front
        List<String> train = shell("zsh", script, "setopt ksharrays; COMP_WORDS=(descent train --bet); COMP_CWORD=2;"
                + " _complete_descent 2>/dev/null; print -l -- \"${COMPREPLY[@]}\"").lines().toList();
        assertThat(train).contains("--beta", "--beta1", "--resume", "--temperature").doesNotContain("--optimizers");
    }
}
