package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import descent.app.DescentProcess.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent serve} in a real headless browser (Debian's {@code chromium-headless-shell},
 * which the README's first command and {@code .ci/run} install), driven over Chromium's DevTools
 * protocol: the page loads, draws a run's curve, and adds a point when a second process finishes
 * another epoch of that run.
 */
class ServeBrowserIntegrationTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium-headless-shell");

    @TempDir
    Path work;

    /** One DevTools session on a page: Runtime.evaluate, by value. */
    static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final WebSocket socket;
        private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        DevTools(String url) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                Matcher m = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
                if (m.find()) {
                    CompletableFuture<String> f = pending.remove(Integer.parseInt(m.group(1)));
                    if (f != null) {
                        f.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        /** The value of a JavaScript expression that yields a string, or "" on an error. */
        String evaluate(String expression) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> reply = new CompletableFuture<>();
            pending.put(id, reply);
            String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
            socket.sendText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\"" + escaped
                    + "\",\"returnByValue\":true}}", true).join();
            String message = reply.get(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(message);
            return m.find() ? m.group(1) : "";
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** Polls {@code expression} until it yields {@code expected}; fails with the last value after {@code seconds}. */
    private static void awaitValue(DevTools page, String expression, String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = page.evaluate(expression);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(expression + " gave '" + last + "', not '" + expected + "', within " + seconds + " s");
    }

    @Test
    void thePageShowsARunsCurveAndAddsAPointWhenAnEpochLands() throws Exception {
        assertThat(CHROMIUM).as("Chromium's headless shell: apt-get install chromium-headless-shell (the README's first command installs it)")
                .isExecutable();
        Result first = DescentProcess.run(work, "train", "--train-limit", "1000", "--test-limit", "200", "--hidden", "16", "--epochs", "2",
                "--out", "runs/r");
        assertThat(first.status()).as(first.err()).isZero();

        DescentProcess.Started serve = DescentProcess.start(Map.of(), work, "serve", "runs", "--port", "0");
        Process chromium = null;
        try {
            String line = serve.awaitOut("descent: serving", 60);
            Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(line);
            assertThat(url.find()).as(line).isTrue();
            String page = url.group(1);

            Path profile = Files.createDirectories(work.resolve("chromium-profile"));
            Path log = work.resolve("chromium.log");
            chromium = new ProcessBuilder(CHROMIUM.toString(), "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, page + "#run=r").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String devtools = awaitLine(log, "DevTools listening on ws://", 60, chromium);
            Matcher port = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/").matcher(devtools);
            assertThat(port.find()).as(devtools).isTrue();
            String targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/json/list"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher ws = Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"", Pattern.DOTALL).matcher(targets);
            if (!ws.find()) {
                ws = Pattern.compile("\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"").matcher(targets);
                assertThat(ws.find()).as(targets).isTrue();
            }
            try (DevTools tab = new DevTools(ws.group(1))) {
                String points = "String((document.querySelector('polyline[data-series=test_accuracy]') || {getAttribute: () => ''}).getAttribute('data-count'))";
                awaitValue(tab, "document.title", "descent: runs", 30);
                awaitValue(tab, points, "2", 30);
                assertThat(tab.evaluate("document.getElementById('title').textContent")).isEqualTo("r (2 epochs)");
                assertThat(tab.evaluate("String(document.querySelectorAll('#runs a').length)")).isEqualTo("1");

                // a second process trains a third epoch of the run while the page is open
                Result more = DescentProcess.run(work, "train", "--resume", "runs/r", "--epochs", "3");
                assertThat(more.status()).as(more.err()).isZero();
                awaitValue(tab, points, "3", 30);
                assertThat(tab.evaluate("document.getElementById('title').textContent")).isEqualTo("r (3 epochs)");
            }
        } finally {
            if (chromium != null) {
                chromium.destroyForcibly();
                chromium.waitFor(30, TimeUnit.SECONDS);
            }
            serve.kill();
        }
    }

    private static String awaitLine(Path file, String marker, int seconds, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (l.contains(marker)) {
                        return l;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("chromium ended (status " + process.exitValue() + "): " + Files.readString(file));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + marker + "' from chromium within " + seconds + " s: " + (Files.exists(file) ? Files.readString(file) : ""));
    }

}
