package io.almanac.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint {@code ./almanac nodetool} talks to: plain-text HTTP on the listen address (loopback by
 * default), playing the part of Cassandra's JMX port. Operations:
 *
 * <pre>
 *   POST /nodetool/flush[?keyspace=K[&amp;table=T]]        flush memtables to SSTables; 200 when durable
 *   GET  /nodetool/status                               the node's line of nodetool status
 *   GET  /nodetool/tablestats[?keyspace=K[&amp;table=T]]   SSTables, windows, bytes per row, sweeper drops
 * </pre>
 *
 * Every GET answers text shaped after Cassandra's nodetool, or JSON with {@code format=json}. Unknown keyspaces or
 * tables answer 404 with Cassandra's wording; other paths 404; wrong methods 405.
 *
 * <p>Thread safety: requests are served one at a time on the server's own thread.
 */
final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

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
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "almanac-admin");
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
        String expected = operation.equals("flush") ? "POST" : "GET";
        try {
            if (!operation.matches("flush|status|tablestats")) {
                respond(exchange, 404, "unknown nodetool operation " + operation + "\n");
            } else if (!method.equals(expected)) {
                respond(exchange, 405, "use " + expected + " for " + operation + "\n");
            } else {
                answer(exchange, operation, query(exchange.getRequestURI()));
            }
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
            case "flush" -> flush(exchange, keyspace, table);
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

    private void flush(HttpExchange exchange, String keyspace, String table) throws IOException {
        try {
            admin.flush(keyspace, table).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "interrupted while flushing\n");
            return;
        } catch (ExecutionException e) {
            respond(exchange, 500, "flush failed: " + e.getCause().getMessage() + "\n");
            return;
        }
        respond(exchange, 200, "flushed\n");
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
