package common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Go's %q, as strconv.Quote and fmt print it (outputs of Go 1.22). */
class GoQuoteTest {
    @Test
    void stringsQuoteAsStrconvQuote() {
        assertEquals("\"a\\\"b\\\\c\\n\\x01é\"", GoQuote.quote("a\"b\\c\n\u0001é"));
        assertEquals("\"\\a\\b\\f\\r\\t\\v\\x7f\"", GoQuote.quote("\u0007\b\f\r\t\u000B\u007F"));
        assertEquals("\"\\u00ad\\u2028 😀 \\U000f0000\"", GoQuote.quote("\u00AD\u2028 😀 \uDB80\uDC00"));
        assertEquals("\"it's\"", GoQuote.quote("it's"));
    }

    @Test
    void runeSlicesQuoteEachRune() {
        assertEquals("['b' 'c']", GoQuote.quoteRunes("bc"));
        assertEquals("['\\'' '\"' '\\n']", GoQuote.quoteRunes("'\"\n"));
        assertEquals("[]", GoQuote.quoteRunes(""));
    }
}
