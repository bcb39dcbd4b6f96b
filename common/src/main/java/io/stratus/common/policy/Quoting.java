package io.stratus.common.policy;

/** Single- or double-quoted literals in rule text. */
final class Quoting {

    private Quoting() {
    }

    /** The text between the quotes when the whole of {@code text} is one quoted string, else null. */
    static String unquote(String text) {
        if (text.length() < 2) {
            return null;
        }
        char quote = text.charAt(0);
        if ((quote != '\'' && quote != '"') || text.charAt(text.length() - 1) != quote) {
            return null;
        }
        String inner = text.substring(1, text.length() - 1);
        return inner.indexOf(quote) < 0 ? inner : null;
    }

    static boolean containsQuote(String text) {
        return text.indexOf('\'') >= 0 || text.indexOf('"') >= 0;
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }
}
