package io.almanac.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.schema.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint {@code ./almanac nodetool} talks to: plain-text HTTP on the listen address (loopback by
 * default), playing the part of Cassandra's JMX port. Operations:
 *
 * <pre>
 *   POST /nodetool/flush[?keyspace=K[&amp;table=T]]   flush memtables to SSTables; 200 when durable
 *   GET  /nodetool/status                          one line per fact about the node
 * </pre>
 *
 * Unknown keyspaces or tables answer 404 with Cassandra's wording; other paths 404; wrong methods 405.
 *
 * <p>Thread safety: requests are served one at a time on the server's own thread.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer http;
    private final ExecutorService executor;
    private final StorageEngine engine;
    private final Supplier<String> status;

    /**
     * Binds the endpoint.
     *
     * @param address the socket address (port 0 = any free port)
     * @param status  the text {@code nodetool status} prints
     * @throws UncheckedIOException when the port cannot be bound
     */
    public AdminServer(InetSocketAddress address, StorageEngine engine, Supplier<String> status) {
        this.engine = engine;
        this.status = status;
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
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/nodetool/flush" -> {
                    if (!method.equals("POST")) {
                        respond(exchange, 405, "use POST for flush\n");
                    } else {
                        flush(exchange, query(exchange.getRequestURI()));
                    }
                }
                case "/nodetool/status" -> respond(exchange, method.equals("GET") ? 200 : 405,
                        method.equals("GET") ? status.get() : "use GET for status\n");
                default -> respond(exchange, 404, "unknown nodetool operation " + path + "\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("admin request failed", e);
            respond(exchange, 500, "error: " + e.getMessage() + "\n");
        }
    }

    private void flush(HttpExchange exchange, Map<String, String> query) throws IOException {
        String keyspace = query.get("keyspace");
        String table = query.get("table");
        Schema schema = engine.schema();
        if (keyspace != null && schema.keyspace(keyspace) == null) {
            respond(exchange, 404, "Keyspace [" + keyspace + "] does not exist.\n");
            return;
        }
        if (table != null && schema.table(keyspace, table) == null) {
            respond(exchange, 404, "Unknown table " + table + " in keyspace " + keyspace + "\n");
            return;
        }
        try {
            engine.flush().get();
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
