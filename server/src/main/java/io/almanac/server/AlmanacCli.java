package io.almanac.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ./almanac} command line: {@code server} runs a node in the foreground, {@code nodetool} talks to a
 * running node's admin port. ({@code ./almanac load} runs the load-generator module's own main class.)
 */
@Command(name = "almanac", mixinStandardHelpOptions = true, version = "Almanac 0.1.0",
        description = "A time-series and IoT store that speaks Cassandra's CQL.",
        subcommands = {AlmanacCli.ServerCommand.class, AlmanacCli.NodetoolCommand.class,
            io.almanac.server.bench.StorageBenchCommand.class})
public final class AlmanacCli {

    public static void main(String[] args) {
        int exitCode = new CommandLine(new AlmanacCli()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** {@code almanac server}: starts one node and runs until interrupted (Ctrl-C or SIGTERM). */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Start one Almanac node in the foreground with embedded defaults.")
    static final class ServerCommand implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data directory (default: data_directory of the config, ./data).")
        Path dataDir;

        @Option(names = "--config", description = "YAML configuration file overriding the embedded defaults.")
        Path config;

        @Override
        public Integer call() throws Exception {
            NodeConfig nodeConfig;
            try {
                nodeConfig = NodeConfigLoader.load(config);
                if (dataDir != null) {
                    nodeConfig = nodeConfig.withDataDirectory(dataDir.toString()).validate();
                }
            } catch (IllegalArgumentException e) {
                System.err.println("almanac: " + e.getMessage());
                return 2;
            }
            AlmanacNode node;
            try {
                node = AlmanacNode.start(nodeConfig);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                System.err.println("almanac: " + e.getMessage() + (e.getCause() == null ? ""
                        : ": " + e.getCause().getMessage()));
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "almanac-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** {@code almanac nodetool}: admin operations on a running node, after Cassandra's nodetool. */
    @Command(name = "nodetool", mixinStandardHelpOptions = true,
            description = "Admin operations on a running node (after Cassandra's nodetool).",
            subcommands = {FlushCommand.class, CompactCommand.class, CompactionStatsCommand.class,
                GetSSTablesCommand.class, StatusCommand.class, TableStatsCommand.class})
    static final class NodetoolCommand {
        @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1",
                description = "Node address (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = {"-p", "--port"}, defaultValue = "7199", description = "Admin port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--json", description = "Print JSON for scripts instead of text.")
        boolean json;

        /** @return {@code path?} followed by the non-null parameters URL-encoded, plus {@code format=json} */
        String path(String path, String... namesAndValues) {
            StringBuilder query = new StringBuilder(json ? "format=json" : "");
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                if (namesAndValues[i + 1] != null) {
                    query.append(query.length() == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                            .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
                }
            }
            return query.length() == 0 ? path : path + "?" + query;
        }

        int call(String method, String path) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(10)).build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                System.err.println("nodetool: Failed to connect to '" + host + ":" + port + "' - is the node running?");
                return 1;
            }
            (response.statusCode() == 200 ? System.out : System.err).print(response.body());
            return response.statusCode() == 200 ? 0 : 1;
        }
    }

    /** {@code nodetool flush [keyspace [table ...]]}, as Cassandra's nodetool Flush. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Flush memtables to SSTables: every table, the keyspace's tables, or the named tables.")
    static final class FlushCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Parameters(index = "0", arity = "0..1", description = "Keyspace (default: all).")
        String keyspace;

        @Parameters(index = "1..*", arity = "0..*", description = "Tables (default: all of the keyspace).")
        List<String> tables = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            StringBuilder path = new StringBuilder("/nodetool/flush");
            if (keyspace != null) {
                path.append("?keyspace=").append(URLEncoder.encode(keyspace, StandardCharsets.UTF_8));
                if (!tables.isEmpty()) {
                    path.append("&table=").append(tables.stream()
                            .map(table -> URLEncoder.encode(table, StandardCharsets.UTF_8))
                            .collect(Collectors.joining(",")));
                }
            }
            return nodetool.call("POST", path.toString());
        }
    }

    /** {@code nodetool compact [keyspace [table]] [--window instant]}: waits until the compaction is done. */
    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = "Major compaction: merge all SSTables of the tables (a TWCS table keeps one SSTable per"
                    + " window), or only those of one compaction window.")
    static final class CompactCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Parameters(index = "0", arity = "0..1", description = "Keyspace (default: all).")
        String keyspace;

        @Parameters(index = "1", arity = "0..1", description = "Table (default: all of the keyspace).")
        String table;

        @Option(names = "--window", paramLabel = "<instant>",
                description = "Only the compaction window holding this ISO-8601 instant, e.g. 2026-11-20T10:00:00Z.")
        String window;

        @Override
        public Integer call() throws Exception {
            if (table != null && keyspace == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "a table needs its keyspace");
            }
            return nodetool.call("POST", nodetool.path("/nodetool/compact", "keyspace", keyspace, "table", table,
                    "window", window));
        }
    }

    /** {@code nodetool compactionstats}. */
    @Command(name = "compactionstats", mixinStandardHelpOptions = true,
            description = "Pending and running compactions with their progress.")
    static final class CompactionStatsCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Override
        public Integer call() throws Exception {
            return nodetool.call("GET", nodetool.path("/nodetool/compactionstats"));
        }
    }

    /** {@code nodetool getsstables <keyspace> <table> <key>}. */
    @Command(name = "getsstables", mixinStandardHelpOptions = true,
            description = "Print the Data.db files of the SSTables that hold a partition key"
                    + " (composite keys joined with ':', a literal ':' escaped as '\\:').")
    static final class GetSSTablesCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Parameters(index = "0", description = "Keyspace.")
        String keyspace;

        @Parameters(index = "1", description = "Table.")
        String table;

        @Parameters(index = "2", description = "Partition key, as text.")
        String key;

        @Override
        public Integer call() throws Exception {
            return nodetool.call("GET", nodetool.path("/nodetool/getsstables", "keyspace", keyspace, "table", table,
                    "key", key));
        }
    }

    /** {@code nodetool status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the node's state.")
    static final class StatusCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Override
        public Integer call() throws Exception {
            return nodetool.call("GET", "/nodetool/status" + (nodetool.json ? "?format=json" : ""));
        }
    }

    /** {@code nodetool tablestats [keyspace[.table]]}. */
    @Command(name = "tablestats", mixinStandardHelpOptions = true,
            description = "SSTables per table and per compaction window, bytes per row, tombstones and droppable"
                    + " tombstones, TTL sweeper drops.")
    static final class TableStatsCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NodetoolCommand nodetool;

        @Parameters(index = "0", arity = "0..1", paramLabel = "keyspace[.table]", description = "What to show.")
        String target;

        @Override
        public Integer call() throws Exception {
            StringBuilder query = new StringBuilder(nodetool.json ? "format=json" : "");
            if (target != null) {
                int dot = target.indexOf('.');
                String keyspace = dot < 0 ? target : target.substring(0, dot);
                query.append(query.length() == 0 ? "" : "&").append("keyspace=")
                        .append(URLEncoder.encode(keyspace, StandardCharsets.UTF_8));
                if (dot >= 0) {
                    String table = target.substring(dot + 1);
                    query.append("&table=").append(URLEncoder.encode(table, StandardCharsets.UTF_8));
                }
            }
            return nodetool.call("GET", "/nodetool/tablestats" + (query.length() == 0 ? "" : "?" + query));
        }
    }
}
