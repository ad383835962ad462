package descent.app.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import descent.api.DescentException;
import descent.engine.report.JsonFiles;
import jakarta.inject.Inject;
import com.google.inject.name.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@code descent serve [RUNS_DIR]}: a live view of the runs and comparisons under a folder, in the
 * browser. The JDK's own HTTP server ({@code jdk.httpserver}) serves one page, the list of runs as
 * JSON, and the files of the runs (their {@code metrics.csv}, a comparison's {@code summary.csv},
 * the plots); the page polls and redraws while runs are training.
 *
 * <p>It binds to 127.0.0.1 unless {@code --host} says otherwise, and serves nothing outside the
 * folder: a requested path is resolved, normalised and then checked, with links resolved, to lie
 * inside it; anything else is refused with 403, whatever its spelling ({@code ..}, encoded dots,
 * absolute paths, links out).
 */
final class ServeCommand {

    static final int DEFAULT_PORT = 8321;
    private static final int MAX_DEPTH = 4;
    private static final Map<String, String> TYPES = Map.of(
            "csv", "text/csv; charset=utf-8", "json", "application/json; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "md", "text/markdown; charset=utf-8");

    private final PrintStream out;

    @Inject
    ServeCommand(@Named("out") PrintStream out) {
        this.out = out;
    }

    int run(Args args) {
        List<String> positional = args.positional();
        if (positional.size() > 1) {
            throw new DescentException("descent serve takes one folder, got " + positional.size() + " (" + String.join(", ", positional)
                    + "); give the folder that holds the runs, e.g. descent serve runs");
        }
        Path root = Path.of(positional.isEmpty() ? "runs" : positional.get(0));
        int port = args.takeInt("port", DEFAULT_PORT, 0);
        if (port > 65535) {
            throw new DescentException("--port must be 0 (any free port) to 65535, got " + port);
        }
        String host = args.take("host", "127.0.0.1");
        if (!args.remaining().isEmpty()) {
            throw new DescentException("unknown option '--" + args.remaining().keySet().iterator().next()
                    + "' for descent serve; it takes a folder, --port and --host");
        }
        if (!Files.isDirectory(root)) {
            throw new DescentException("'" + root + "' is not a folder; give the folder that holds the runs (the --out of train or compare)");
        }
        Server server = Server.start(root, host, port);
        out.println("descent: serving " + root.toAbsolutePath().normalize() + " at http://" + host + ":" + server.port() + "/ (Ctrl-C stops)");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stop.countDown();
        }));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The HTTP server over one folder; {@link #stop} ends it. */
    static final class Server {
        private final HttpServer http;
        private final Path root;

        private Server(HttpServer http, Path root) {
            this.http = http;
            this.root = root;
        }

        static Server start(Path folder, String host, int port) {
            Path root;
            try {
                root = folder.toRealPath();
            } catch (IOException e) {
                throw new DescentException("cannot read the folder '" + folder + "': " + e.getMessage());
            }
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(host, port), 16);
            } catch (BindException e) {
                throw new DescentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); give another --port, or 0 for any free one");
            } catch (IOException e) {
                throw new DescentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            Server server = new Server(http, root);
            http.createContext("/", server::handle);
            http.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "descent-serve");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            return server;
        }

        int port() {
            return http.getAddress().getPort();
        }

        void stop() {
            http.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    send(exchange, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                URI uri = exchange.getRequestURI();
                String path = uri.getRawPath();
                if (path.equals("/") || path.equals("/index.html")) {
                    send(exchange, 200, "text/html; charset=utf-8", page());
                } else if (path.equals("/api/runs")) {
                    send(exchange, 200, TYPES.get("json"), JsonFiles.write(listing()).getBytes(StandardCharsets.UTF_8));
                } else if (path.startsWith("/files/")) {
                    serveFile(exchange, path.substring("/files/".length()));
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain; charset=utf-8", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        /**
         * The file at {@code rawRelative} (URL-encoded, below the folder), or 403 if it resolves
         * outside the folder, 404 if it is not a regular file of a type the page reads.
         */
        private void serveFile(HttpExchange exchange, String rawRelative) throws IOException {
            Path file = resolve(rawRelative);
            if (file == null) {
                send(exchange, 403, "text/plain; charset=utf-8", "outside the runs folder\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            if (!TYPES.containsKey(ext) || !Files.isRegularFile(file)) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, TYPES.get(ext), Files.readAllBytes(file));
        }

        /** The real path of a request below the folder, or null when it is not inside it. */
        Path resolve(String rawRelative) {
            String decoded;
            try {
                decoded = java.net.URLDecoder.decode(rawRelative.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (decoded.isEmpty() || decoded.indexOf('\0') >= 0 || decoded.startsWith("/") || decoded.contains("\\")) {
                return null;
            }
            Path candidate = root.resolve(decoded).normalize();
            if (!candidate.startsWith(root)) {
                return null;
            }
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Path real = candidate.toRealPath();
                    if (!real.startsWith(root)) {
                        return null;
                    }
                    return real;
                } catch (IOException e) {
                    return null;
                }
            }
            return candidate;
        }

        /**
         * The runs (folders with a {@code metrics.csv}) and comparisons (folders with a
         * {@code summary.csv}) under the folder, up to four levels down, with what the page shows
         * of each: path, kind, title, epochs done, last change.
         */
        Map<String, Object> listing() {
            List<Map<String, Object>> runs = new ArrayList<>();
            List<Map<String, Object>> comparisons = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
                for (Path dir : walk.filter(Files::isDirectory).sorted().toList()) {
                    String rel = root.relativize(dir).toString().replace('\\', '/');
                    if (Files.isRegularFile(dir.resolve("summary.csv"))) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("path", rel);
                        c.put("modified", Files.getLastModifiedTime(dir.resolve("summary.csv")).toMillis());
                        comparisons.add(c);
                    }
                    Path metrics = dir.resolve("metrics.csv");
                    if (Files.isRegularFile(metrics)) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("path", rel);
                        r.put("title", title(dir));
                        r.put("epochs", Math.max(0, lines(metrics) - 1));
                        r.put("modified", Files.getLastModifiedTime(metrics).toMillis());
                        runs.add(r);
                    }
                }
            } catch (IOException e) {
                throw new DescentException("cannot list '" + root + "': " + e.getMessage());
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("root", root.toString());
            all.put("runs", runs);
            all.put("comparisons", comparisons);
            return all;
        }

        private static long lines(Path file) throws IOException {
            try (Stream<String> s = Files.lines(file)) {
                return s.filter(l -> !l.isBlank()).count();
            }
        }

        /** "optimizer, lr …, batch …, seed …" from the run's run.json, or "" when it has none. */
        @SuppressWarnings("unchecked")
        private static String title(Path dir) {
            Path record = dir.resolve("run.json");
            if (!Files.isRegularFile(record)) {
                return "";
            }
            try {
                Map<String, Object> json = (Map<String, Object>) JsonFiles.read(record);
                Map<String, Object> o = (Map<String, Object>) json.get("options");
                String algorithm = o.containsKey("trainer") ? String.valueOf(o.get("trainer")) : String.valueOf(o.get("optimizer"));
                return algorithm + ", lr " + o.get("lr") + ", batch " + o.get("batch-size") + ", seed " + o.get("seed") + ", " + json.get("model");
            } catch (RuntimeException e) {
                return "";
            }
        }

        private static byte[] page() throws IOException {
            try (InputStream in = ServeCommand.class.getResourceAsStream("/descent/app/serve/index.html")) {
                if (in == null) {
                    throw new IOException("the page is missing from the descent-app jar");
                }
                return in.readAllBytes();
            }
        }

        private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }
}
