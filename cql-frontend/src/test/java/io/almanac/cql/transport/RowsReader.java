package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: parses a RESULT Rows body the way a driver does (native_protocol_v5.spec §4.2.5.2), independently of
 * {@link ResultEncoder}.
 */
record RowsReader(int flags, List<String> columnNames, List<String> columnTypes, String keyspace, String table,
                  byte[] pagingState, byte[] newMetadataId, List<byte[][]> rows) {

    static RowsReader read(ByteBuf body) {
        int kind = body.readInt();
        if (kind != ResultEncoder.KIND_ROWS) {
            throw new AssertionError("not a Rows result: kind " + kind);
        }
        int flags = body.readInt();
        int columns = body.readInt();
        byte[] pagingState = (flags & 0x02) != 0 ? WireFormat.readBytes(body, "paging state") : null;
        byte[] newMetadataId = (flags & 0x08) != 0 ? WireFormat.readShortBytes(body, "new metadata id") : null;
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String keyspace = null;
        String table = null;
        if ((flags & 0x04) == 0) {
            if ((flags & 0x01) != 0) {
                keyspace = WireFormat.readString(body, "keyspace");
                table = WireFormat.readString(body, "table");
            }
            for (int i = 0; i < columns; i++) {
                if ((flags & 0x01) == 0) {
                    keyspace = WireFormat.readString(body, "keyspace");
                    table = WireFormat.readString(body, "table");
                }
                names.add(WireFormat.readString(body, "name"));
                types.add(option(body));
            }
        }
        int count = body.readInt();
        List<byte[][]> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            byte[][] row = new byte[columns][];
            for (int c = 0; c < columns; c++) {
                row[c] = WireFormat.readBytes(body, "cell");
            }
            rows.add(row);
        }
        return new RowsReader(flags, names, types, keyspace, table, pagingState, newMetadataId, rows);
    }

    /** @return an [option] as text: the id in hex, with sub-options in angle brackets, custom class after ':' */
    static String option(ByteBuf body) {
        int id = body.readUnsignedShort();
        return switch (id) {
            case 0x0000 -> "custom:" + WireFormat.readString(body, "class");
            case 0x0020 -> "list<" + option(body) + ">";
            case 0x0022 -> "set<" + option(body) + ">";
            case 0x0021 -> "map<" + option(body) + "," + option(body) + ">";
            case 0x0031 -> tuple(body);
            default -> String.format("0x%04x", id);
        };
    }

    /** A tuple option: {@code <n><option_1>...<option_n>} (native_protocol_v5.spec §4.2.5.2), as tuple&lt;a,b&gt;. */
    private static String tuple(ByteBuf body) {
        int count = body.readUnsignedShort();
        StringBuilder text = new StringBuilder("tuple<");
        for (int i = 0; i < count; i++) {
            text.append(i > 0 ? "," : "").append(option(body));
        }
        return text.append('>').toString();
    }

    /** @return the only cell of the only row, as text */
    String singleText() {
        if (rows.size() != 1 || rows.get(0).length != 1) {
            throw new AssertionError("expected one cell, got " + rows.size() + " rows");
        }
        return new String(rows.get(0)[0], StandardCharsets.UTF_8);
    }
}
