package io.almanac.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link SensorRow}s as InfluxDB line protocol, one point per row, in the shape the node's line-protocol
 * mapping turns back into the row (measurement = table, tags and fields = columns by name, the timestamp = the first
 * timestamp clustering column {@code ts}; precision {@code ms}):
 *
 * <pre>
 *   measurement,device_id=&lt;text&gt;,day=&lt;yyyy-mm-dd&gt;,metric=&lt;text&gt; value=&lt;float&gt; &lt;ms&gt;\n
 *   sensor_data,device_id=device-00001,day=2026-01-01,metric=temperature value=21.5 1767225600000
 * </pre>
 *
 * Escaping follows the InfluxDB line protocol reference: in the measurement a comma or space is preceded by a
 * backslash; in tag values a comma, equals sign or space. The value is written with {@link Double#toString(double)}
 * (shortest text that reads back to the same double; an exponent such as {@code 1.0E-5} is valid line protocol).
 *
 * <p>Allocation: the builder's growth; the day's and the value's text per row.
 *
 * <p>Thread safety: stateless.
 */
public final class LineProtocolEncoder {

    private LineProtocolEncoder() {
    }

    /** Appends the line of {@code row}, ending with {@code \n}. */
    public static void appendLine(StringBuilder out, String measurement, SensorRow row) {
        escape(out, measurement, false);
        out.append(",device_id=");
        escape(out, row.deviceId(), true);
        out.append(",day=").append(row.day()).append(",metric=");
        escape(out, row.metric(), true);
        out.append(" value=").append(row.value()).append(' ').append(row.ts().toEpochMilli()).append('\n');
    }

    /** @return the lines of {@code rows} as the UTF-8 body of one request */
    public static byte[] body(String measurement, List<SensorRow> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 96);
        for (SensorRow row : rows) {
            appendLine(text, measurement, row);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(StringBuilder out, String text, boolean tagValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == ' ' || (tagValue && c == '=')) {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
