package dev.facet.extractors.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of a {@code .npy} header into strings, booleans and tuples of
 * integers (as {@code List<Long>}), the only values the format uses. Whitespace, key order,
 * either quote style and trailing commas are accepted, as Python's {@code ast.literal_eval} does.
 * Problems are reported as {@link IllegalArgumentException} with the position; the caller adds
 * the file name.
 */
final class NpyDictParser {
    private final String text;
    private int position;

    private NpyDictParser(String text) {
        this.text = text;
    }

    /** The entries of {@code text}, in order. */
    static Map<String, Object> parse(String text) {
        NpyDictParser parser = new NpyDictParser(text);
        Map<String, Object> entries = parser.dict();
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("the end of the header after the closing '}'");
        }
        return entries;
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!consume('}')) {
            skipWhitespace();
            int keyPosition = position;
            String key = string();
            expect(':');
            if (entries.put(key, value()) != null) {
                throw new IllegalArgumentException("duplicate key '" + key + "' at character " + keyPosition
                        + " of the header dict");
            }
            if (!consume(',')) {
                expect('}');
                break;
            }
        }
        return entries;
    }

    private Object value() {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(position);
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '(') {
            return tuple();
        }
        if (text.startsWith("True", position)) {
            position += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", position)) {
            position += 5;
            return Boolean.FALSE;
        }
        throw error("a string, a tuple, True or False");
    }

    private String string() {
        if (position >= text.length() || (text.charAt(position) != '\'' && text.charAt(position) != '"')) {
            throw error("a quoted string");
        }
        char quote = text.charAt(position);
        int end = text.indexOf(quote, position + 1);
        if (end < 0) {
            throw error("a closing " + quote);
        }
        String value = text.substring(position + 1, end);
        if (value.indexOf('\\') >= 0) {
            throw error("a string without escape sequences");
        }
        position = end + 1;
        return value;
    }

    private List<Long> tuple() {
        expect('(');
        List<Long> items = new ArrayList<>();
        while (!consume(')')) {
            items.add(integer());
            if (!consume(',')) {
                expect(')');
                break;
            }
        }
        return items;
    }

    private long integer() {
        skipWhitespace();
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (start == position || position - start > 18) {
            position = start;
            throw error("a non-negative integer of at most 18 digits");
        }
        return Long.parseLong(text.substring(start, position));
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    private boolean consume(char c) {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("'" + c + "'");
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = position >= text.length() ? "the end of the header"
                : "'" + text.substring(position, Math.min(text.length(), position + 12)) + "'";
        return new IllegalArgumentException("expected " + expected + " at character " + position
                + " of the header dict, found " + found);
    }
}
