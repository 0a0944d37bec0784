package io.almanac.ingest.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A compiled MQTT topic filter (MQTT 5.0 §4.7) with named captures, as a topic mapping declares it:
 *
 * <pre>
 *   level        matches                                  captures
 *   literal      exactly that level                       -
 *   +            any one level                            -
 *   {name}       any one level                            the level's text into column "name"
 *   #            the rest of the topic (last level only)  -
 * </pre>
 *
 * As in MQTT, a topic starting with {@code $} is not matched by a filter starting with a wildcard (§4.7.2).
 *
 * <p>Thread safety: immutable.
 */
final class TopicFilter {

    private static final Pattern CAPTURE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String text;
    /** Per level: the literal, or "+", "#", or the capture's column name prefixed by "{". */
    private final List<String> levels;

    private TopicFilter(String text, List<String> levels) {
        this.text = text;
        this.levels = levels;
    }

    /**
     * @param filter e.g. {@code devices/{device_id}/telemetry} or {@code sites/+/{device_id}/#}
     * @throws IllegalArgumentException saying which level breaks which rule
     */
    static TopicFilter parse(String filter) {
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String[] parts = filter.split("/", -1);
        List<String> levels = new ArrayList<>(parts.length);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String level = parts[i];
            var capture = CAPTURE.matcher(level);
            if (level.equals("#") && i != parts.length - 1) {
                throw new IllegalArgumentException("'#' must be the last level, in \"" + filter + "\"");
            } else if (capture.matches()) {
                if (names.contains(capture.group(1))) {
                    throw new IllegalArgumentException("capture {" + capture.group(1) + "} appears twice in \""
                            + filter + "\"");
                }
                names.add(capture.group(1));
                levels.add("{" + capture.group(1));
            } else if (!level.equals("#") && !level.equals("+")
                    && (level.contains("+") || level.contains("#") || level.contains("{") || level.contains("}"))) {
                throw new IllegalArgumentException("level \"" + level + "\" of \"" + filter + "\" must be a literal,"
                        + " '+', '#' or a whole-level capture {name} (name: letters, digits, '_')");
            } else {
                levels.add(level);
            }
        }
        return new TopicFilter(filter, List.copyOf(levels));
    }

    /** @return the column names captured, in level order */
    List<String> captureNames() {
        List<String> names = new ArrayList<>();
        for (String level : levels) {
            if (level.startsWith("{")) {
                names.add(level.substring(1));
            }
        }
        return names;
    }

    /** @return the captures (column name -> level text) when {@code topic} matches, else null */
    Map<String, String> match(String topic) {
        String[] parts = topic.split("/", -1);
        if (topic.startsWith("$") && !levels.get(0).equals(parts[0])) {
            return null;
        }
        Map<String, String> captures = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals("#")) {
                return captures;
            }
            if (i >= parts.length) {
                return null;
            }
            if (level.startsWith("{")) {
                captures.put(level.substring(1), parts[i]);
            } else if (!level.equals("+") && !level.equals(parts[i])) {
                return null;
            }
        }
        return parts.length == levels.size() ? captures : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
