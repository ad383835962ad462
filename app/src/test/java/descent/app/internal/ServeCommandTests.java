package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side of {@code descent serve}: what it lists and serves, and what it refuses. */
class ServeCommandTests {

    @TempDir
    Path dir;

    /** A response: status, headers (lower-case names) and body. */
    record Response(int statusCode, java.util.Map<String, String> headerMap, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headerMap.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** GET over a plain socket, the path sent byte for byte (no client normalises the dots away). */
    private static Response get(ServeCommand.Server server, String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(split + 4));
        }
    }

    private Path runsFolder() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path run = Files.createDirectories(runs.resolve("adam"));
        Files.writeString(run.resolve("metrics.csv"), "epoch,train_loss,test_loss,test_accuracy\n1,0.9,0.8,0.7\n2,0.6,0.6,0.8\n");
        Files.writeString(run.resolve("run.json"), "{\"options\": {\"optimizer\": \"adam\", \"lr\": \"0.001\", \"batch-size\": \"64\", \"seed\": \"3\"},"
                + " \"model\": \"mlp 784-64-32-10\"}\n");
        Files.writeString(run.resolve("checkpoint.zip"), "binary");
        Path compare = Files.createDirectories(runs.resolve("cmp"));
        Files.writeString(compare.resolve("summary.csv"), "arm,epoch,inits,test_accuracy_mean,test_accuracy_sd\nsgd,1,2,0.7,0.01\n");
        Files.writeString(dir.resolve("secret.csv"), "outside\n");
        return runs;
    }

    @Test
    void listsRunsAndComparisonsAndServesTheirFiles() throws Exception {
        ServeCommand.Server server = ServeCommand.Server.start(runsFolder(), "127.0.0.1", 0);
        try {
            Response list = get(server, "/api/runs");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"path\": \"adam\"").contains("\"epochs\": 2")
                    .contains("adam, lr 0.001, batch 64, seed 3, mlp 784-64-32-10").contains("\"path\": \"cmp\"");
            Response metrics = get(server, "/files/adam/metrics.csv");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).hasValue("text/csv; charset=utf-8");
            assertThat(metrics.body()).startsWith("epoch,train_loss");
            assertThat(get(server, "/").body()).contains("<title>descent: runs</title>");
            assertThat(get(server, "/files/adam/checkpoint.zip").statusCode()).as("only what the page reads").isEqualTo(404);
            assertThat(get(server, "/files/adam/none.csv").statusCode()).isEqualTo(404);
            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
        } finally {
            server.stop();
        }
    }

    @Test
    void neverServesAFileOutsideTheFolder() throws Exception {
        Path runs = runsFolder();
        Files.createSymbolicLink(runs.resolve("adam/link.csv"), dir.resolve("secret.csv"));
        Files.createSymbolicLink(runs.resolve("out"), dir);
        ServeCommand.Server server = ServeCommand.Server.start(runs, "127.0.0.1", 0);
        try {
            for (String path : new String[] {"/files/../secret.csv", "/files/adam/../../secret.csv", "/files/%2e%2e/secret.csv",
                    "/files/%2E%2E%2Fsecret.csv", "/files/adam/%2e%2e/%2e%2e/secret.csv", "/files/%2Ftmp%2Fsecret.csv",
                    "/files/adam/link.csv", "/files/out/secret.csv", "/files/..%5Csecret.csv", "/files/adam%00.csv"}) {
                Response r = get(server, path);
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).doesNotContain("outside\n").isEqualTo("outside the runs folder\n");
            }
            assertThat(server.resolve("adam/metrics.csv")).isEqualTo(runs.toRealPath().resolve("adam/metrics.csv"));
        } finally {
            server.stop();
        }
    }

    @Test
    void bindsToTheLoopbackAddressByDefaultAndRefusesBadInputInOneLine() throws Exception {
        Path runs = runsFolder();
        ServeCommand.Server server = ServeCommand.Server.start(runs, "127.0.0.1", 0);
        int port = server.port();
        try {
            assertThatThrownBy(() -> ServeCommand.Server.start(runs, "127.0.0.1", port)).isInstanceOf(DescentException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port).hasMessageContaining("give another --port");
        } finally {
            server.stop();
        }
        ServeCommand serve = new ServeCommand(System.out);
        assertThatThrownBy(() -> serve.run(Args.parse(new String[] {"serve", dir.resolve("missing").toString()})))
                .isInstanceOf(DescentException.class).hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> serve.run(Args.parse(new String[] {"serve", "a", "b"})))
                .isInstanceOf(DescentException.class).hasMessageContaining("takes one folder, got 2");
        assertThatThrownBy(() -> serve.run(Args.parse(new String[] {"serve", runs.toString(), "--port", "70000"})))
                .isInstanceOf(DescentException.class).hasMessageContaining("--port must be 0 (any free port) to 65535, got 70000");
        CompareCommandTests.Result bogus = CompareCommandTests.descent("serve", runs.toString(), "--bogus", "1");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.err()).contains("unknown option '--bogus' for descent serve").hasLineCount(1);
    }
}
