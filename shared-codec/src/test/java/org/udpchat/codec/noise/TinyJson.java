package org.udpchat.codec.noise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the test-vector file: objects, arrays and strings without escapes (the vectors are
 * hex strings and names). Anything else is refused loudly, so a file this cannot read is noticed rather
 * than half-read. A test helper only: no dependency is worth adding for one resource file.
 */
final class TinyJson {

    private final String text;
    private int position;

    private TinyJson(String text) {
        this.text = text;
    }

    /** The value in {@code text}: a {@code Map<String, Object>}, a {@code List<Object>} or a {@code String}. */
    static Object parse(String text) {
        TinyJson reader = new TinyJson(text);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.position != text.length()) {
            throw reader.error("text after the value");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (position >= text.length()) {
            throw error("end of text where a value was expected");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            default:
                throw error("'" + c + "' (only objects, arrays and strings are read)");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipSpace();
        if (peek() == '}') {
            position++;
            return object;
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            object.put(key, value());
            skipSpace();
            if (peek() == ',') {
                position++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        position++;
        skipSpace();
        if (peek() == ']') {
            position++;
            return array;
        }
        while (true) {
            array.add(value());
            skipSpace();
            if (peek() == ',') {
                position++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String string() {
        expect('"');
        int end = text.indexOf('"', position);
        if (end < 0) {
            throw error("a string that never ends");
        }
        String value = text.substring(position, end);
        if (value.indexOf('\\') >= 0) {
            throw error("an escape in a string (not needed by the vectors, so not read)");
        }
        position = end + 1;
        return value;
    }

    private char peek() {
        if (position >= text.length()) {
            throw error("end of text");
        }
        return text.charAt(position);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + peek() + "' where '" + c + "' was expected");
        }
        position++;
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at character " + position);
    }
}
