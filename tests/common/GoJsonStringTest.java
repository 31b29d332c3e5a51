package common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import common.GoJsonString.Dialect;
import org.junit.jupiter.api.Test;

/** JSON string escaping as Go's encoding/json (json.Marshal) and zap's encoder write it. */
class GoJsonStringTest {
    private static final String TRICKY = "a\"\\\n\t\r\b\f\u0001<>&\u2028é/😀\uD800x";

    @Test
    void encodingJsonEscapesHtmlCharactersLineSeparatorsAndBackspaceLikeGo() {
        assertEquals("\"a\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u003c\\u003e\\u0026\\u2028é/😀\\ufffdx\"",
                GoJsonString.quote(TRICKY, Dialect.ENCODING_JSON));
    }

    @Test
    void zapLeavesHtmlCharactersAndLineSeparatorsAsTheyAre() {
        assertEquals("\"a\\\"\\\\\\n\\t\\r\\u0008\\u000c\\u0001<>&\u2028é/😀\\ufffdx\"",
                GoJsonString.quote(TRICKY, Dialect.ZAP));
    }

    @Test
    void aLoneLowSurrogateIsInvalidToo() {
        assertEquals("\"\\ufffd\\ufffd\"", GoJsonString.quote("\uDC00\uD800", Dialect.ENCODING_JSON));
    }

    @Test
    void appendQuotedAddsToWhatIsThere() {
        var out = new StringBuilder("k:");
        GoJsonString.appendQuoted(out, "v", Dialect.ZAP);
        assertEquals("k:\"v\"", out.toString());
    }
}
