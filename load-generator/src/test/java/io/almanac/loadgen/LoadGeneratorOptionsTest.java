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
                4, 10, 3600, true, -5, Instant.parse("2026-01-01T23:59:50Z"), 500));
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
    })
    void invalidValuesAreRefusedWithTheOptionValueAndRule(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value '" + value + "'")
                .hasMessageContaining(message);
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
                "--sample-interval-seconds", "--ttl-seconds", "--drop", "Exit codes");
    }
}
