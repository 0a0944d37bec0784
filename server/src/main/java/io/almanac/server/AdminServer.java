package io.almanac.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.almanac.storage.schema.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint {@code ./almanac nodetool} talks to: plain-text HTTP on the listen address (loopback by
 * default), playing the part of Cassandra's JMX port. Operations:
 *
 * <pre>
 *   POST /nodetool/flush[?keyspace=K[&amp;table=T[,T...]]]  flush memtables to SSTables; 200 when durable
 *   POST /nodetool/compact[?keyspace=K[&amp;table=T]][&amp;window=ISO instant]
 *                                                       major compaction (one TWCS window); 200 when swapped in
 *   GET  /nodetool/compactionstats                      pending and running compactions, remaining time
 *   GET  /nodetool/getsstables?keyspace=K&amp;table=T&amp;key=KEY the Data.db files holding a partition
 *   GET  /nodetool/status                               the node's line of nodetool status
 *   GET  /nodetool/tablestats[?keyspace=K[&amp;table=T]]   SSTables, windows, bytes per row, sweeper drops
 * </pre>
 *
 * Every answer is text shaped after Cassandra's nodetool, or JSON with {@code format=json}. Unknown keyspaces or
 * tables answer 404 with Cassandra's wording; a bad key or window 400; other paths 404; wrong methods 405.
 *
 * <p>Thread safety: requests are served on a small pool of the server's own threads (so compactionstats answers
 * while a compact waits); the {@link NodeAdmin} is thread-safe.
 */
final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Requests served at once: one waiting compact or flush must not hold up compactionstats. */
    private static final int THREADS = 4;

    private final HttpServer http;
    private final ExecutorService executor;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeAdmin admin;

    /**
     * Binds the endpoint.
     *
     * @param address the socket address (port 0 = any free port)
     * @param admin   the node's operations
     * @throws UncheckedIOException when the port cannot be bound
     */
    AdminServer(InetSocketAddress address, NodeAdmin admin) {
        this.admin = admin;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "almanac-admin-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.http = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the admin port " + address, e);
        }
        http.setExecutor(executor);
        http.createContext("/nodetool/", this::handle);
        http.start();
    }

    /** @return the bound port */
    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String operation = exchange.getRequestURI().getPath().substring("/nodetool/".length());
        String method = exchange.getRequestMethod();
        String expected = operation.equals("flush") || operation.equals("compact") ? "POST" : "GET";
        try {
            if (!operation.matches("flush|compact|compactionstats|getsstables|status|tablestats")) {
                respond(exchange, 404, "unknown nodetool operation " + operation + "\n");
            } else if (!method.equals(expected)) {
                respond(exchange, 405, "use " + expected + " for " + operation + "\n");
            } else {
                answer(exchange, operation, query(exchange.getRequestURI()));
            }
        } catch (InvalidRequestException e) {
            respond(exchange, 400, e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            respond(exchange, 404, e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.warn("admin request failed", e);
            respond(exchange, 500, "error: " + e.getMessage() + "\n");
        }
    }

    private void answer(HttpExchange exchange, String operation, Map<String, String> query) throws IOException {
        boolean json = "json".equals(query.get("format"));
        String keyspace = query.get("keyspace");
        String table = query.get("table");
        switch (operation) {
            case "flush" -> {
                List<String> tables = table == null ? List.of() : List.of(table.split(",", -1));
                if (await(exchange, "flush", admin.flush(keyspace, tables))) {
                    respond(exchange, 200, "flushed\n");
                }
            }
            case "compact" -> {
                CompletableFuture<List<SSTableLocation>> compaction = admin.compact(keyspace, table,
                        window(query.get("window")));
                if (await(exchange, "compaction", compaction)) {
                    respond(exchange, 200, json ? JSON.writeValueAsString(compaction.join()) + "\n" : "");
                }
            }
            case "compactionstats" -> {
                CompactionStats stats = admin.compactionStats();
                respond(exchange, 200, json ? JSON.writeValueAsString(stats) + "\n"
                        : NodetoolText.compactionStats(stats));
            }
            case "getsstables" -> {
                List<SSTableLocation> sstables = admin.sstablesContaining(keyspace, table, query.get("key"));
                respond(exchange, 200, json ? JSON.writeValueAsString(sstables) + "\n"
                        : NodetoolText.sstables(sstables));
            }
            case "status" -> {
                NodeStatus status = admin.status();
                respond(exchange, 200, json ? JSON.writeValueAsString(status) + "\n" : NodetoolText.status(status));
            }
            default -> {
                List<TableStats> stats = admin.tableStats(keyspace, table);
                respond(exchange, 200, json ? JSON.writeValueAsString(stats) + "\n" : NodetoolText.tableStats(stats));
            }
        }
    }

    /**
     * Waits for an operation; on failure answers the error (400 bad request, 404 unknown name, 500 otherwise).
     *
     * @return true when the operation succeeded (its result is then ready), false when an error was answered
     */
    private static boolean await(HttpExchange exchange, String what, CompletableFuture<?> operation)
            throws IOException {
        try {
            operation.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "interrupted while waiting for the " + what + "\n");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int status = cause instanceof InvalidRequestException ? 400
                    : cause instanceof IllegalArgumentException ? 404 : 500;
            respond(exchange, status, (status == 500 ? what + " failed: " : "") + cause.getMessage() + "\n");
        }
        return false;
    }

    /** @return the {@code window} parameter as an instant, or null when absent */
    private static Instant window(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("Invalid --window '" + text
                    + "': expected an ISO-8601 instant such as 2026-11-20T10:00:00Z");
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
