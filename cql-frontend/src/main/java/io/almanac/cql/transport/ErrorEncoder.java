package io.almanac.cql.transport;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.UnpreparedException;
import io.almanac.storage.schema.AlreadyExistsException;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.write.OverloadedException;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps failures to ERROR bodies (opcode 0x00; native_protocol_v5.spec §9, reference §1.9):
 * {@code <code:[int]><message:[string]>} plus the tail some codes require.
 *
 * <p>Thread safety: stateless.
 *
 * <pre>
 *   UnpreparedException           0x2500  tail &lt;id:[short bytes]&gt;
 *   CqlException (any other)      its code
 *   AlreadyExistsException        0x2400  tail &lt;keyspace:[string]&gt;&lt;table:[string]&gt; ("" for a keyspace)
 *   ConfigurationException        0x2300
 *   InvalidRequestException       0x2200
 *   OverloadedException           0x1001
 *   anything else                 0x0000  Server_error with the exception text, logged once per distinct error
 * </pre>
 *
 * <p>A {@link CqlException} whose code needs a tail the seam cannot carry (Unavailable, the timeouts and failures,
 * Function_failure, CAS_write_unknown) gets a well-formed neutral tail (consistency ONE, 0 received, 1 required, no
 * failures), because drivers decode tails strictly and a short body would break their decoder. An empty v5
 * reasonmap and a v4 numfailures of 0 are the same four zero bytes, so the neutral tails do not depend on the version.
 */
final class ErrorEncoder {

    private static final int CONSISTENCY_ONE = 0x0001;

    private ErrorEncoder() {
    }

    /** @return the failure behind future wrappers */
    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** @return whether {@code error} maps to a protocol-defined code (not a server error to be logged) */
    static boolean isExpected(Throwable error) {
        return error instanceof CqlException || error instanceof InvalidRequestException
                || error instanceof OverloadedException;
    }

    /** Writes the ERROR body for {@code error} (already unwrapped). */
    static void encode(ByteBuf out, Throwable error) {
        if (error instanceof UnpreparedException unprepared) {
            header(out, CqlException.UNPREPARED, unprepared.getMessage());
            WireFormat.writeShortBytes(out, unprepared.id());
        } else if (error instanceof CqlException cql) {
            header(out, cql.code(), cql.getMessage());
            neutralTail(out, cql.code());
        } else if (error instanceof AlreadyExistsException exists) {
            header(out, CqlException.ALREADY_EXISTS, exists.getMessage());
            WireFormat.writeString(out, exists.keyspace());
            WireFormat.writeString(out, exists.table());
        } else if (error instanceof ConfigurationException) {
            header(out, CqlException.CONFIG_ERROR, error.getMessage());
        } else if (error instanceof InvalidRequestException) {
            header(out, CqlException.INVALID, error.getMessage());
        } else if (error instanceof OverloadedException) {
            header(out, CqlException.OVERLOADED, error.getMessage());
        } else {
            header(out, CqlException.SERVER_ERROR, error.toString());
        }
    }

    /** Writes {@code <code><message>}. */
    static void header(ByteBuf out, int code, String message) {
        out.writeInt(code);
        WireFormat.writeTruncatedString(out, message == null ? "" : message);
    }

    private static void neutralTail(ByteBuf out, int code) {
        switch (code) {
            case 0x1000 -> consistencyCounts(out, 1, 0); // Unavailable: <cl><required><alive>
            case 0x1100 -> { // Write_timeout: <cl><received><blockfor><writeType>
                consistencyCounts(out, 0, 1);
                WireFormat.writeString(out, "SIMPLE");
            }
            case 0x1200 -> { // Read_timeout: <cl><received><blockfor><data_present>
                consistencyCounts(out, 0, 1);
                out.writeByte(0);
            }
            case 0x1300 -> { // Read_failure: <cl><received><blockfor><numfailures | reasonmap><data_present>
                consistencyCounts(out, 0, 1);
                out.writeInt(0);
                out.writeByte(0);
            }
            case 0x1400 -> { // Function_failure: <keyspace><function><arg types>
                WireFormat.writeString(out, "");
                WireFormat.writeString(out, "");
                WireFormat.writeStringList(out, List.of());
            }
            case 0x1500 -> { // Write_failure: <cl><received><blockfor><numfailures | reasonmap><writeType>
                consistencyCounts(out, 0, 1);
                out.writeInt(0);
                WireFormat.writeString(out, "SIMPLE");
            }
            case 0x1700 -> consistencyCounts(out, 0, 1); // CAS_write_unknown: <cl><received><blockfor>
            case CqlException.ALREADY_EXISTS -> {
                WireFormat.writeString(out, "");
                WireFormat.writeString(out, "");
            }
            case CqlException.UNPREPARED -> WireFormat.writeShortBytes(out, new byte[0]);
            default -> { }
        }
    }

    private static void consistencyCounts(ByteBuf out, int first, int second) {
        out.writeShort(CONSISTENCY_ONE);
        out.writeInt(first);
        out.writeInt(second);
    }
}
