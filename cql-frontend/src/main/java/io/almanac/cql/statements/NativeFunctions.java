package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.time.Clock;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The native scalar functions of CQL's {@code system} keyspace that Almanac executes (Cassandra's
 * {@code TimeFcts}, {@code UuidFcts}): {@code now()}, {@code uuid()}, {@code currentTimestamp()},
 * {@code currentDate()}, {@code currentTime()}, {@code currentTimeUUID()}, {@code toTimestamp()}, {@code toDate()},
 * {@code toUnixTimestamp()}, {@code minTimeuuid()}, {@code maxTimeuuid()} and {@code floor(timestamp, duration
 * [, start])}; each also under Cassandra 5.0's snake_case name ({@code to_timestamp}, {@code min_timeuuid}, ...).
 * A null argument gives a null result.
 *
 * <p>A version 1 (time-based) UUID, as {@code now()} makes and {@code minTimeuuid()} bounds (RFC 4122 §4.1.2):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          time_low                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       time_mid                |version=1|     time_hi          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |10| clock_seq                  |         node (48 bits)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         node (continued)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * time = 100-nanosecond ticks since 1582-10-15T00:00Z. {@code minTimeuuid(t)} and {@code maxTimeuuid(t)} use
 * Cassandra's smallest and largest clock_seq+node ({@code 0x8080808080808080}, {@code 0x7f7f7f7f7f7f7f7f}) and the
 * first and last tick of the millisecond.
 *
 * <p>Thread safety: thread-safe; {@code now()} values are unique and increasing per instance (the tick counter is
 * atomic). Time comes from the {@link Clock} given at construction.
 */
final class NativeFunctions {

    /** 100-nanosecond ticks from 1582-10-15T00:00Z (the UUID epoch) to 1970-01-01T00:00Z. */
    static final long UUID_EPOCH_OFFSET_TICKS = 0x01B21DD213814000L;
    private static final long MIN_CLOCK_SEQ_AND_NODE = 0x8080808080808080L;
    private static final long MAX_CLOCK_SEQ_AND_NODE = 0x7f7f7f7f7f7f7f7fL;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** How a function computes its value from non-null serialized arguments. */
    @FunctionalInterface
    interface Body {
        byte[] apply(NativeFunctions context, List<byte[]> arguments);
    }

    /**
     * One overload of a native function.
     *
     * @param name          the name without keyspace, lower case
     * @param argumentTypes the parameter types
     * @param returnType    the result type
     * @param body          the computation
     */
    record Function(String name, List<CqlType> argumentTypes, CqlType returnType, Body body) {

        /** @return the signature as Cassandra prints it, e.g. {@code system.totimestamp(timeuuid)} */
        String signature() {
            return "system." + name + "(" + String.join(", ",
                    argumentTypes.stream().map(CqlType::cqlName).toList()) + ")";
        }

        /**
         * @param arguments the serialized arguments ({@code null} or empty for CQL null)
         * @return the serialized result, null when an argument is null
         * @throws CqlException 0x2200 for arguments the function refuses (e.g. a zero floor duration)
         */
        byte[] execute(NativeFunctions context, List<byte[]> arguments) {
            for (byte[] argument : arguments) {
                if (argument == null || argument.length == 0) {
                    return null;
                }
            }
            return body.apply(context, arguments);
        }
    }

    private static final List<Function> FUNCTIONS = functions();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final long clockSequenceAndNode;
    private final AtomicLong lastTicks = new AtomicLong();

    /** @param clock the source of "now" for now(), currentTimestamp() and the others */
    NativeFunctions(Clock clock) {
        this.clock = clock;
        this.clockSequenceAndNode = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    }

    private static List<Function> functions() {
        List<Function> all = new ArrayList<>();
        both(all, "now", "now", List.of(), NativeType.TIMEUUID, (c, a) -> c.nextTimeUuid());
        both(all, "currenttimeuuid", "current_timeuuid", List.of(), NativeType.TIMEUUID, (c, a) -> c.nextTimeUuid());
        both(all, "uuid", "uuid", List.of(), NativeType.UUID, (c, a) -> c.randomUuid());
        both(all, "currenttimestamp", "current_timestamp", List.of(), NativeType.TIMESTAMP,
                (c, a) -> bigint(c.nowMillis()));
        both(all, "currentdate", "current_date", List.of(), NativeType.DATE,
                (c, a) -> date(Math.floorDiv(c.nowMillis(), MILLIS_PER_DAY)));
        both(all, "currenttime", "current_time", List.of(), NativeType.TIME,
                (c, a) -> bigint(Math.floorMod(c.nowMillis(), MILLIS_PER_DAY) * 1_000_000L));
        for (NativeType from : List.of(NativeType.TIMEUUID, NativeType.DATE)) {
            both(all, "totimestamp", "to_timestamp", List.of(from), NativeType.TIMESTAMP,
                    (c, a) -> bigint(millis(from, a.get(0))));
        }
        for (NativeType from : List.of(NativeType.TIMEUUID, NativeType.TIMESTAMP)) {
            both(all, "todate", "to_date", List.of(from), NativeType.DATE,
                    (c, a) -> date(Math.floorDiv(millis(from, a.get(0)), MILLIS_PER_DAY)));
        }
        for (NativeType from : List.of(NativeType.TIMEUUID, NativeType.TIMESTAMP, NativeType.DATE)) {
            both(all, "tounixtimestamp", "to_unix_timestamp", List.of(from), NativeType.BIGINT,
                    (c, a) -> bigint(millis(from, a.get(0))));
        }
        both(all, "mintimeuuid", "min_timeuuid", List.of(NativeType.TIMESTAMP), NativeType.TIMEUUID,
                (c, a) -> uuid(timeUuidMsb(millis(NativeType.TIMESTAMP, a.get(0)) * 10_000), MIN_CLOCK_SEQ_AND_NODE));
        both(all, "maxtimeuuid", "max_timeuuid", List.of(NativeType.TIMESTAMP), NativeType.TIMEUUID,
                (c, a) -> uuid(timeUuidMsb(millis(NativeType.TIMESTAMP, a.get(0)) * 10_000 + 9_999),
                        MAX_CLOCK_SEQ_AND_NODE));
        all.add(new Function("floor", List.of(NativeType.TIMESTAMP, NativeType.DURATION), NativeType.TIMESTAMP,
                (c, a) -> bigint(Durations.floorMillis(millis(NativeType.TIMESTAMP, a.get(0)), a.get(1), 0))));
        all.add(new Function("floor", List.of(NativeType.TIMESTAMP, NativeType.DURATION, NativeType.TIMESTAMP),
                NativeType.TIMESTAMP, (c, a) -> bigint(Durations.floorMillis(millis(NativeType.TIMESTAMP, a.get(0)),
                        a.get(1), millis(NativeType.TIMESTAMP, a.get(2))))));
        return List.copyOf(all);
    }

    private static void both(List<Function> all, String name, String snakeName, List<CqlType> arguments,
                             CqlType returnType, Body body) {
        all.add(new Function(name, arguments, returnType, body));
        if (!snakeName.equals(name)) {
            all.add(new Function(snakeName, arguments, returnType, body));
        }
    }

    /**
     * @param name a function name as parsed, with or without the {@code system.} keyspace
     * @return its overloads; empty for a function that does not exist (or is not a native scalar function)
     */
    static List<Function> overloads(String name) {
        String simple = simpleName(name);
        if (simple == null) {
            return List.of();
        }
        return FUNCTIONS.stream().filter(f -> f.name().equals(simple)).toList();
    }

    /** @return the name without {@code system.}, or null for a name in another keyspace */
    static String simpleName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("system.")) {
            return lower.substring("system.".length());
        }
        return name.contains(".") ? null : lower;
    }

    /**
     * Picks the overload of {@code name} whose parameters accept the given argument types (Cassandra's
     * {@code FunctionResolver}).
     *
     * @param argumentTypes the argument types; a null element is an argument whose type is not known yet (a
     *                      literal or a bind marker), which any parameter type accepts
     * @param argumentNames the arguments as written, for error messages
     * @throws CqlException 0x2200 for an unknown function, a wrong argument count, a type error, or an ambiguous
     *         call
     */
    static Function resolve(String name, List<CqlType> argumentTypes, List<String> argumentNames) {
        List<Function> candidates = overloads(name);
        if (candidates.isEmpty()) {
            throw CqlException.invalid("Unknown function " + name + " called");
        }
        List<Function> sameArity = candidates.stream()
                .filter(f -> f.argumentTypes().size() == argumentTypes.size()).toList();
        if (sameArity.isEmpty()) {
            Function first = candidates.get(0);
            throw CqlException.invalid("Invalid number of arguments in call to function system." + first.name()
                    + ": " + first.argumentTypes().size() + " required but " + argumentTypes.size() + " provided");
        }
        List<Function> matching = sameArity.stream().filter(f -> accepts(f, argumentTypes)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            Function only = sameArity.get(0);
            for (int i = 0; i < argumentTypes.size(); i++) {
                CqlType type = argumentTypes.get(i);
                if (sameArity.size() == 1 && type != null && !type.equals(only.argumentTypes().get(i))) {
                    throw CqlException.invalid("Type error: " + argumentNames.get(i) + " cannot be passed as"
                            + " argument " + i + " of function system." + only.name() + " of type "
                            + only.argumentTypes().get(i).cqlName());
                }
            }
            throw CqlException.invalid("Invalid call to function system." + only.name() + ", none of its type"
                    + " signatures match (known type signatures: " + signatures(sameArity) + ")");
        }
        throw CqlException.invalid("Ambiguous call to function system." + matching.get(0).name() + " (can be"
                + " matched by following signatures: " + signatures(matching) + "): use type casts to disambiguate");
    }

    private static boolean accepts(Function function, List<CqlType> argumentTypes) {
        for (int i = 0; i < argumentTypes.size(); i++) {
            CqlType type = argumentTypes.get(i);
            if (type != null && !type.equals(function.argumentTypes().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String signatures(List<Function> functions) {
        return String.join(" | ", functions.stream().map(Function::signature).toList());
    }

    // ---- values ----

    private long nowMillis() {
        return Math.floorDiv(clock.nowMicros(), 1000);
    }

    /** @return a time-based UUID for "now", strictly greater than every one this instance made before */
    byte[] nextTimeUuid() {
        long nowTicks = clock.nowMicros() * 10 + UUID_EPOCH_OFFSET_TICKS;
        long ticks = lastTicks.updateAndGet(last -> Math.max(last + 1, nowTicks));
        return uuid(timeUuidMsb(ticks - UUID_EPOCH_OFFSET_TICKS), clockSequenceAndNode);
    }

    private byte[] randomUuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3F) | 0x80);
        return bytes;
    }

    /** @param unixTicks 100-nanosecond ticks since 1970-01-01T00:00Z */
    private static long timeUuidMsb(long unixTicks) {
        long ticks = unixTicks + UUID_EPOCH_OFFSET_TICKS;
        return ((ticks & 0xFFFFFFFFL) << 32) | (((ticks >>> 32) & 0xFFFFL) << 16) | 0x1000L
                | ((ticks >>> 48) & 0x0FFFL);
    }

    private static byte[] uuid(long msb, long lsb) {
        return ByteBuffer.allocate(16).putLong(msb).putLong(lsb).array();
    }

    /** @return a timeuuid, timestamp or date value as milliseconds since the Unix epoch */
    static long millis(NativeType type, byte[] value) {
        return switch (type) {
            case TIMEUUID -> {
                long msb = ByteBuffer.wrap(value).getLong();
                long ticks = ((msb & 0x0FFFL) << 48) | (((msb >>> 16) & 0xFFFFL) << 32) | (msb >>> 32);
                yield Math.floorDiv(ticks - UUID_EPOCH_OFFSET_TICKS, 10_000);
            }
            case DATE -> ((LocalDate) NativeType.DATE.decode(value)).toEpochDay() * MILLIS_PER_DAY;
            case TIMESTAMP -> ByteBuffer.wrap(value).getLong();
            default -> throw new IllegalArgumentException("not a time type: " + type);
        };
    }

    private static byte[] date(long epochDay) {
        return NativeType.DATE.encode(LocalDate.ofEpochDay(epochDay));
    }

    private static byte[] bigint(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
