package values;

/** Reads a flag's text one code point at a time, like Go's bytes.Buffer ReadRune/UnreadRune. */
final class RuneScanner {
    static final int EOF = -1;

    private final int[] runes;
    private int position;

    RuneScanner(String text) {
        this.runes = text.codePoints().toArray();
    }

    /** How many code points have been read. */
    int position() {
        return position;
    }

    int read() {
        return position < runes.length ? runes[position++] : EOF;
    }

    void unread() {
        position--;
    }

    /** The text not read yet. */
    String rest() {
        return new String(runes, position, runes.length - position);
    }

    /** Skips {@code count} code points (of {@link #rest()}). */
    void skip(int count) {
        position += count;
    }

    /** What strvals' runesUntil returns: the text read, the rune that stopped it (or EOF). */
    record Until(String text, int last) {
        boolean eof() {
            return last == EOF;
        }
    }

    /**
     * Reads up to (and consuming) the first of {@code stops}; with {@code escapes} a backslash
     * takes the next rune literally. At the end of input {@code last} is EOF.
     */
    Until until(String stops, boolean escapes) {
        var text = new StringBuilder();
        while (true) {
            int r = read();
            if (r == EOF) {
                return new Until(text.toString(), EOF);
            } else if (stops.indexOf(r) >= 0) {
                return new Until(text.toString(), r);
            } else if (escapes && r == '\\') {
                int next = read();
                if (next == EOF) {
                    return new Until(text.toString(), EOF);
                }
                text.appendCodePoint(next);
            } else {
                text.appendCodePoint(r);
            }
        }
    }
}
