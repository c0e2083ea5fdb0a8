package dev.facet.report.atlas;

import java.nio.charset.StandardCharsets;

/** HTML text escaping and relative-URL encoding for the atlas page. */
final class Html {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Html() {
    }

    /**
     * Escapes {@code text} for use in HTML text and in quoted attribute values: {@code & < > " '}.
     * A {@code null} becomes the empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Turns a relative file path with {@code /} separators into a relative URL: every segment is
     * percent-encoded (UTF-8) except the unreserved characters, so names with spaces, {@code #} or
     * {@code ?} still point at their file. Mirrors {@code pictureUrl} in {@code atlas.js}.
     */
    static String pathUrl(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
