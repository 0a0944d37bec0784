package io.almanac.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link SensorRow}s as the node's JSON row payload (keys are column names; {@code day} an ISO date,
 * {@code ts} epoch milliseconds): one object for one row, an array of objects for several.
 *
 * <pre>
 *   {"device_id":"device-00001","day":"2026-01-01","ts":1767225600000,"metric":"temperature","value":21.5}
 * </pre>
 *
 * Strings are escaped as RFC 8259 requires ({@code "}, {@code \} and control characters); the value is written with
 * {@link Double#toString(double)} (valid JSON number text for every finite double).
 *
 * <p>Thread safety: stateless.
 */
public final class JsonRowEncoder {

    private JsonRowEncoder() {
    }

    /** Appends the JSON object of {@code row}. */
    public static void appendObject(StringBuilder out, SensorRow row) {
        out.append("{\"device_id\":");
        string(out, row.deviceId());
        out.append(",\"day\":\"").append(row.day()).append("\",\"ts\":").append(row.ts().toEpochMilli())
                .append(",\"metric\":");
        string(out, row.metric());
        out.append(",\"value\":").append(row.value()).append('}');
    }

    /** @return the UTF-8 payload: the object of the only row, or an array of the rows' objects */
    public static byte[] payload(List<SensorRow> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 112);
        if (rows.size() == 1) {
            appendObject(text, rows.get(0));
        } else {
            text.append('[');
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                appendObject(text, rows.get(i));
            }
            text.append(']');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
