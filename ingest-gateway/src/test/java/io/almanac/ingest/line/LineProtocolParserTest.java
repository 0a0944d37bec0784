package io.almanac.ingest.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line-protocol grammar of {@link LineProtocolParser}: every rule, every error with its line and column. */
class LineProtocolParserTest {

    private final LineProtocolParser parser = new LineProtocolParser();
    private final LineProtocolPoint point = new LineProtocolPoint();

    private LineProtocolParser.Outcome parseFirst(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parser.reset(bytes, 0, bytes.length).next(point);
    }

    @Test
    void aFullPoint() {
        assertThat(parseFirst("cpu,host=a,region=eu usage=0.5,count=3i,big=18446744073709551615u,ok=t,"
                + "msg=\"hi\" 1700000000000000000")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.measurement()).isEqualTo("cpu");
        assertThat(point.lineNumber()).isEqualTo(1);
        assertThat(point.tagCount()).isEqualTo(2);
        assertThat(point.tagKey(1)).isEqualTo("region");
        assertThat(point.tagValue(1)).isEqualTo("eu");
        assertThat(point.fieldCount()).isEqualTo(5);
        assertThat(point.fieldType(0)).isEqualTo(FieldType.FLOAT);
        assertThat(point.fieldDouble(0)).isEqualTo(0.5);
        assertThat(point.fieldType(1)).isEqualTo(FieldType.INTEGER);
        assertThat(point.fieldLong(1)).isEqualTo(3);
        assertThat(point.fieldType(2)).isEqualTo(FieldType.UNSIGNED);
        assertThat(Long.toUnsignedString(point.fieldLong(2))).isEqualTo("18446744073709551615");
        assertThat(point.fieldType(3)).isEqualTo(FieldType.BOOLEAN);
        assertThat(point.fieldBoolean(3)).isTrue();
        assertThat(point.fieldType(4)).isEqualTo(FieldType.STRING);
        assertThat(point.fieldString(4)).isEqualTo("hi");
        assertThat(point.hasTimestamp()).isTrue();
        assertThat(point.timestamp()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.END);
    }

    @Test
    void noTagsAndNoTimestamp() {
        assertThat(parseFirst("m v=1")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.tagCount()).isZero();
        assertThat(point.fieldDouble(0)).isEqualTo(1.0);
        assertThat(point.hasTimestamp()).isFalse();
    }

    @Test
    void escapesInMeasurementTagsAndFieldKeys() {
        assertThat(parseFirst("my\\ m\\,x\\=,t\\ k\\=\\,=v\\ 1\\,\\=2 f\\ k\\,\\==1i")).isEqualTo(
                LineProtocolParser.Outcome.POINT);
        assertThat(point.measurement()).isEqualTo("my m,x\\=");
        assertThat(point.tagKey(0)).isEqualTo("t k=,");
        assertThat(point.tagValue(0)).isEqualTo("v 1,=2");
        assertThat(point.fieldKey(0)).isEqualTo("f k,=");
    }

    @Test
    void aBackslashBeforeAnythingElseIsLiteral() {
        assertThat(parseFirst("c:\\dir,path=a\\b v=\"x\\ny\"")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.measurement()).isEqualTo("c:\\dir");
        assertThat(point.tagValue(0)).isEqualTo("a\\b");
        assertThat(point.fieldString(0)).isEqualTo("x\\ny");
    }

    @Test
    void stringFieldsUnescapeQuotesAndBackslashesAndKeepSpacesCommasEquals() {
        assertThat(parseFirst("m s=\"a \\\"quoted\\\" \\\\ b, c=d\",n=1i 5")).isEqualTo(
                LineProtocolParser.Outcome.POINT);
        assertThat(point.fieldString(0)).isEqualTo("a \"quoted\" \\ b, c=d");
        assertThat(point.fieldLong(1)).isEqualTo(1);
        assertThat(point.timestamp()).isEqualTo(5);
        assertThat(parseFirst("m s=\"\"")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.fieldString(0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"t,true", "T,true", "true,true", "True,true", "TRUE,true",
                "f,false", "F,false", "false,false", "False,false", "FALSE,false"})
    void booleanSpellings(String text, boolean expected) {
        assertThat(parseFirst("m b=" + text)).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.fieldType(0)).isEqualTo(FieldType.BOOLEAN);
        assertThat(point.fieldBoolean(0)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1,1.0", "-1.5,-1.5", "+2.,2.0", ".5,0.5", "1e3,1000.0", "-1.5E-2,-0.015", "0,0.0"})
    void floats(String text, double expected) {
        assertThat(parseFirst("m v=" + text)).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.fieldType(0)).isEqualTo(FieldType.FLOAT);
        assertThat(point.fieldDouble(0)).isEqualTo(expected);
    }

    @Test
    void integerLimits() {
        assertThat(parseFirst("m a=9223372036854775807i,b=-9223372036854775808i,c=+7i,d=0u")).isEqualTo(
                LineProtocolParser.Outcome.POINT);
        assertThat(point.fieldLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(point.fieldLong(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(point.fieldLong(2)).isEqualTo(7);
        assertThat(point.fieldLong(3)).isZero();
        assertThat(parseFirst("m v=1 -9223372036854775808")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.timestamp()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void commentsBlankLinesCrLfAndSurroundingWhitespaceAreSkipped() {
        String body = "# a comment\n\n   \n\t# indented comment\r\n  m,t=a v=1i  1  \r\nm v=2i\n\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        parser.reset(bytes, 0, bytes.length);
        List<Integer> lines = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        while (parser.next(point) == LineProtocolParser.Outcome.POINT) {
            lines.add(point.lineNumber());
            values.add(point.fieldLong(0));
        }
        assertThat(lines).containsExactly(5, 6);
        assertThat(values).containsExactly(1L, 2L);
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.END);
    }

    @Test
    void severalSpacesBetweenSections() {
        assertThat(parseFirst("m,t=a   v=1i   9")).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.timestamp()).isEqualTo(9);
    }

    @Test
    void utf8Names() {
        assertThat(parseFirst("température,pièce=séjour valeur=\"été\"")).isEqualTo(
                LineProtocolParser.Outcome.POINT);
        assertThat(point.measurement()).isEqualTo("température");
        assertThat(point.tagValue(0)).isEqualTo("séjour");
        assertThat(point.fieldString(0)).isEqualTo("été");
    }

    @Test
    void theHolderIsReusedAndClearedBetweenLines() {
        byte[] bytes = "m,a=1,b=2 x=1i,y=2i 7\nm z=3i".getBytes(StandardCharsets.UTF_8);
        parser.reset(bytes, 0, bytes.length);
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.POINT);
        String measurement = point.measurement();
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.measurement()).isSameAs(measurement);
        assertThat(point.tagCount()).isZero();
        assertThat(point.fieldCount()).isEqualTo(1);
        assertThat(point.fieldKey(0)).isEqualTo("z");
        assertThat(point.hasTimestamp()).isFalse();
    }

    @Test
    void manyTagsAndFieldsGrowTheHolder() {
        StringBuilder line = new StringBuilder("m");
        for (int i = 0; i < 20; i++) {
            line.append(",t").append(i).append("=v").append(i);
        }
        line.append(' ');
        for (int i = 0; i < 20; i++) {
            line.append(i == 0 ? "" : ",").append('f').append(i).append('=').append(i).append('i');
        }
        assertThat(parseFirst(line.toString())).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(point.tagCount()).isEqualTo(20);
        assertThat(point.tagValue(19)).isEqualTo("v19");
        assertThat(point.fieldCount()).isEqualTo(20);
        assertThat(point.fieldLong(19)).isEqualTo(19);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        ",t=a v=1|MISSING_MEASUREMENT|1",
        "m|MISSING_FIELDS|2",
        "m,t=a|MISSING_FIELDS|6",
        "'m '|MISSING_FIELDS|3",
        "m,=a v=1|MISSING_TAG_KEY|3",
        "m, v=1|MISSING_TAG_KEY|3",
        "m,t v=1|MISSING_TAG_VALUE|4",
        "m,t= v=1|MISSING_TAG_VALUE|5",
        "m,t=a=b v=1|INVALID_TAG_FORMAT|6",
        "m =1|MISSING_FIELD_KEY|3",
        "m v=1,|MISSING_FIELD_KEY|7",
        "m v|INVALID_FIELD_FORMAT|4",
        "m v 1|INVALID_FIELD_FORMAT|4",
        "m v=|MISSING_FIELD_VALUE|5",
        "m v=,w=1|MISSING_FIELD_VALUE|5",
        "m v=1x|INVALID_NUMBER|5",
        "m v=1.2.3|INVALID_NUMBER|5",
        "m v=NaN|INVALID_NUMBER|5",
        "m v=-i|INVALID_NUMBER|5",
        "m v=1.5i|INVALID_NUMBER|5",
        "m v=-1u|INVALID_NUMBER|5",
        "m v=9223372036854775808i|NUMBER_OUT_OF_RANGE|5",
        "m v=18446744073709551616u|NUMBER_OUT_OF_RANGE|5",
        "m v=1e999|NUMBER_OUT_OF_RANGE|5",
        "m v=tru|INVALID_BOOLEAN|5",
        "m v=yes|INVALID_NUMBER|5",
        "m v=\"abc|UNBALANCED_QUOTES|5",
        "m v=\"abc\"x|INVALID_FIELD_FORMAT|10",
        "m v=1 12a|BAD_TIMESTAMP|7",
        "m v=1 -|BAD_TIMESTAMP|7",
        "m v=1 1 2|BAD_TIMESTAMP|9",
        "m v=1 9223372036854775808|BAD_TIMESTAMP|7"})
    void errorsNameTheirColumn(String line, LineProtocolError error, int column) {
        byte[] bytes = ("m ok=1\n# comment\n" + line + "\nm ok=2").getBytes(StandardCharsets.UTF_8);
        parser.reset(bytes, 0, bytes.length);
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.POINT);
        assertThat(parser.next(point)).isEqualTo(LineProtocolParser.Outcome.ERROR);
        assertThat(parser.error()).isEqualTo(error);
        assertThat(parser.errorLineNumber()).isEqualTo(3);
        assertThat(parser.errorColumn()).isEqualTo(column);
        assertThat(parser.errorLineText()).isEqualTo(line);
        assertThat(parser.next(point)).as("parsing goes on after a bad line").isEqualTo(
                LineProtocolParser.Outcome.POINT);
        assertThat(point.lineNumber()).isEqualTo(4);
    }

    @Test
    void aNewlineEndsAnUnclosedString() {
        assertThat(parseFirst("m s=\"one\ntwo\"")).isEqualTo(LineProtocolParser.Outcome.ERROR);
        assertThat(parser.error()).isEqualTo(LineProtocolError.UNBALANCED_QUOTES);
        assertThat(parser.errorColumn()).isEqualTo(5);
    }

    @Test
    void arbitraryBytesNeverThrow() {
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = "m,= \"\\\n\r#tf1i u.e-+x\t".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] body = new byte[random.nextInt(40)];
            for (int i = 0; i < body.length; i++) {
                body[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(
                        alphabet.length)];
            }
            parser.reset(body, 0, body.length);
            for (int guard = 0; guard <= body.length + 1; guard++) {
                LineProtocolParser.Outcome outcome = parser.next(point);
                if (outcome == LineProtocolParser.Outcome.END) {
                    break;
                }
                if (outcome == LineProtocolParser.Outcome.ERROR) {
                    assertThat(parser.errorColumn()).isBetween(1, body.length + 1);
                }
            }
        }
    }

    @Test
    void precisionScalesToMilliseconds() {
        assertThat(TimestampPrecision.NANOSECONDS.toMillis(1_700_000_000_123_456_789L)).isEqualTo(1_700_000_000_123L);
        assertThat(TimestampPrecision.NANOSECONDS.toMillis(-1)).isEqualTo(-1);
        assertThat(TimestampPrecision.MICROSECONDS.toMillis(1_700_000_000_123_456L)).isEqualTo(1_700_000_000_123L);
        assertThat(TimestampPrecision.MILLISECONDS.toMillis(1_700_000_000_123L)).isEqualTo(1_700_000_000_123L);
        assertThat(TimestampPrecision.SECONDS.toMillis(1_700_000_000L)).isEqualTo(1_700_000_000_000L);
        assertThat(TimestampPrecision.SECONDS.toMillis(Long.MAX_VALUE / 10)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimestampPrecision.parse("n")).isEqualTo(TimestampPrecision.NANOSECONDS);
        assertThat(TimestampPrecision.parse("u")).isEqualTo(TimestampPrecision.MICROSECONDS);
        assertThat(TimestampPrecision.parse("h")).isNull();
    }
}
