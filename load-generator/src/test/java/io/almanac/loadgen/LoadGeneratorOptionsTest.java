package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class LoadGeneratorOptionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T15:09:26.535Z"), ZoneOffset.UTC);

    private static WorkloadConfig parse(String... args) {
        LoadGenerator generator = new LoadGenerator(CLOCK);
        new CommandLine(generator).parseArgs(args);
        return generator.toConfig();
    }

    @Test
    void defaultsMatchTheDocumentedWorkload() {
        WorkloadConfig config = parse();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9042);
        assertThat(config.datacenter()).isEqualTo("datacenter1");
        assertThat(config.keyspace()).isEqualTo("almanac_load");
        assertThat(config.table()).isEqualTo("sensor_data");
        assertThat(config.devices()).isEqualTo(100);
        assertThat(config.rowsPerDevice()).isEqualTo(1000);
        assertThat(config.concurrency()).isEqualTo(64);
        assertThat(config.batchSize()).isEqualTo(1);
        assertThat(config.reads()).isEqualTo(1000);
        assertThat(config.readConcurrency()).isEqualTo(32);
        assertThat(config.sampleIntervalSeconds()).isEqualTo(1);
        assertThat(config.ttlSeconds()).isZero();
        assertThat(config.drop()).isFalse();
        assertThat(config.start()).isEqualTo(Instant.parse("2026-03-14T15:00:00Z"));
        assertThat(config.totalRows()).isEqualTo(100_000);
    }

    @Test
    void everyOptionIsParsed() {
        WorkloadConfig config = parse("--host", "db.example", "--port", "19042", "--datacenter", "dc2",
                "--keyspace", "ks", "--table", "t1", "--devices", "7", "--rows-per-device", "30", "--metrics", "3",
                "--concurrency", "8", "--batch-size", "20", "--reads", "0", "--read-concurrency", "4",
                "--sample-interval-seconds", "10", "--ttl-seconds", "3600", "--drop", "--seed", "-5",
                "--start", "2026-01-01T23:59:50Z", "--request-timeout-ms", "500");
        assertThat(config).isEqualTo(new WorkloadConfig("db.example", 19042, "dc2", "ks", "t1", 7, 30, 3, 8, 20, 0,
                4, 10, 3600, true, -5, Instant.parse("2026-01-01T23:59:50Z"), 500, IngestOptions.defaults()));
        assertThat(config.lastSampleMillis())
                .isEqualTo(Instant.parse("2026-01-01T23:59:50Z").toEpochMilli() + 9 * 10_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--devices|0|'--devices': must be at least 1",
        "--rows-per-device|0|'--rows-per-device': must be at least 1",
        "--concurrency|0|'--concurrency': must be at least 1",
        "--batch-size|0|'--batch-size': must be between 1 and 1000",
        "--batch-size|1001|'--batch-size': must be between 1 and 1000",
        "--reads|-1|'--reads': must be at least 0",
        "--read-concurrency|0|'--read-concurrency': must be at least 1",
        "--sample-interval-seconds|0|'--sample-interval-seconds': must be at least 1",
        "--ttl-seconds|-1|'--ttl-seconds': must be between 0 and 630720000",
        "--ttl-seconds|630720001|'--ttl-seconds': must be between 0 and 630720000",
        "--port|0|'--port': must be between 1 and 65535",
        "--port|65536|'--port': must be between 1 and 65535",
        "--keyspace|ks-1|'--keyspace': must be a letter",
        "--table|1table|'--table': must be a letter",
        "--table|t;DROP|'--table': must be a letter",
        "--metrics|9|'--metrics': must be between 1 and 8",
        "--request-timeout-ms|0|'--request-timeout-ms': must be at least 1",
        "--start|yesterday|'--start': must be an ISO-8601 instant",
        "--protocol|amqp|'--protocol': must be one of cql, http, mqtt",
        "--http-port|0|'--http-port': must be between 1 and 65535",
        "--mqtt-port|65536|'--mqtt-port': must be between 1 and 65535",
        "--lines-per-request|0|'--lines-per-request': must be between 1 and 100000",
        "--lines-per-request|100001|'--lines-per-request': must be between 1 and 100000",
        "--connections|0|'--connections': must be between 1 and 100000",
        "--qos|2|'--qos': must be 0 or 1",
        "--qos|-1|'--qos': must be 0 or 1",
        "--mqtt-version|4|'--mqtt-version': must be 3 (3.1.1) or 5",
        "--rate|-1|'--rate': must be between 0 (flat out) and 1000000000",
        "--rate|1000000001|'--rate': must be between 0 (flat out) and 1000000000",
    })
    void invalidValuesAreRefusedWithTheOptionValueAndRule(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value '" + value + "'")
                .hasMessageContaining(message);
    }

    @Test
    void ingestDefaultsAreCqlFlatOutWithoutVerification() {
        IngestOptions ingest = parse().ingest();
        assertThat(ingest).isEqualTo(new IngestOptions(Protocol.CQL, 8080, 5_000, false, 1883, 1_000, 1, 5, 0, false));
        assertThat(ingest.fixedRate()).isFalse();
        assertThat(ingest.latencyMeasured()).isTrue();
    }

    @Test
    void everyIngestOptionIsParsed() {
        IngestOptions http = parse("--protocol", "HTTP", "--http-port", "18080", "--lines-per-request", "250",
                "--gzip", "--rate", "200000", "--verify").ingest();
        assertThat(http).isEqualTo(new IngestOptions(Protocol.HTTP, 18080, 250, true, 1883, 1_000, 1, 5, 200_000,
                true));
        IngestOptions mqtt = parse("--protocol", "mqtt", "--mqtt-port", "11883", "--connections", "50", "--qos", "0",
                "--mqtt-version", "3").ingest();
        assertThat(mqtt).isEqualTo(new IngestOptions(Protocol.MQTT, 8080, 5_000, false, 11883, 50, 0, 3, 0, false));
        assertThat(mqtt.latencyMeasured()).isFalse();
    }

    @Test
    void theWriteMethodSaysHowThePhaseWasPacedAndWhatLatencySpans() {
        assertThat(LoadGenerator.writeMethod(parse("--concurrency", "8"))).isEqualTo("flat out (closed loop), at "
                + "most 8 in flight; latency per request from executeAsync (no coordinated-omission correction) to "
                + "its completion; successful requests only");
        assertThat(LoadGenerator.writeMethod(parse("--protocol", "http", "--gzip", "--rate", "500000")))
                .isEqualTo("fixed rate 500,000 points/s, at most 64 in flight; latency per request (5,000 lines, "
                        + "gzip) from its intended send time (corrected for coordinated omission) to its 204 "
                        + "response (retries after 503 included); successful requests only");
        assertThat(LoadGenerator.writeMethod(parse("--protocol", "mqtt", "--rate", "1000")))
                .contains("fixed rate 1,000 points/s").contains("latency per message from its intended send time")
                .endsWith("to its PUBACK; successful requests only");
        assertThat(LoadGenerator.writeMethod(parse("--protocol", "mqtt", "--qos", "0")))
                .isEqualTo("flat out (closed loop), at most 64 in flight; MQTT QoS 0 has no acknowledgement: "
                        + "throughput only, no latency");
    }

    @Test
    void theDescriptionNamesTheWriteProtocolAndTheRate() {
        assertThat(LoadGenerator.describe(parse("--protocol", "mqtt", "--qos", "0", "--connections", "10")))
                .startsWith("almanac-load: writes over mqtt 127.0.0.1:1883 v5 QoS 0, 10 connections (flat out), "
                        + "schema and reads over cql 127.0.0.1:9042;");
        assertThat(LoadGenerator.describe(parse("--protocol", "http", "--rate", "1000", "--verify")))
                .startsWith("almanac-load: writes over http 127.0.0.1:8080, 5,000 lines per request (1,000 points/s)")
                .endsWith(", verify");
    }

    @Test
    void theProductOfDevicesAndRowsMustFitACounter() {
        assertThatThrownBy(() -> parse("--devices", "1000", "--rows-per-device", String.valueOf(Long.MAX_VALUE / 10)))
                .hasMessageContaining("'--rows-per-device': times --devices must fit in a 64-bit count");
    }

    @Test
    void aBadValueExitsWithTheUsageCodeBeforeConnecting() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new LoadGenerator(CLOCK));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        int exitCode = commandLine.execute("--batch-size", "0");
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Invalid value '0' for option '--batch-size'")
                .contains("Usage: almanac-load");
    }

    @Test
    void aNonNumberExitsWithTheUsageCode() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new LoadGenerator(CLOCK));
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute("--devices", "many")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--devices").contains("many");
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new LoadGenerator(CLOCK));
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute("--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--datacenter", "--keyspace", "--table", "--devices",
                "--rows-per-device", "--concurrency", "--batch-size", "--reads", "--read-concurrency",
                "--sample-interval-seconds", "--ttl-seconds", "--drop", "--protocol", "--rate", "--verify",
                "--http-port", "--lines-per-request", "--gzip", "--mqtt-port", "--connections", "--qos",
                "--mqtt-version", "Exit codes");
    }
}
