package io.lacquer.front.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one configuration line into words as HAProxy does: blanks separate words, {@code #}
 * starts a comment, double and single quotes group, and a backslash escapes the next character.
 */
final class LineTokenizer {
    private LineTokenizer() {
    }

    /**
     * Returns the words of {@code line}, or an empty list for a blank or comment line.
     *
     * @throws IllegalArgumentException on an unterminated quote
     */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unmatched quote");
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
