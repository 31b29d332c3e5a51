package epp.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.json.JsonStrings.Dialect;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
    private static final String TRICKY = "a\"\\\n\t\r\b\f\u0001<>&\u2028é/😀\uD800x";

    @Test
    void encodingJsonEscapesHtmlCharactersLineSeparatorsAndBackspaceLikeGo() {
        assertEquals("\"a\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u003c\\u003e\\u0026\\u2028é/😀\ufffdx\"",
                JsonStrings.quote(TRICKY, Dialect.ENCODING_JSON));
    }

    @Test
    void zapLeavesHtmlCharactersAndLineSeparatorsAsTheyAre() {
        assertEquals("\"a\\\"\\\\\\n\\t\\r\\u0008\\u000c\\u0001<>&\u2028é/😀\ufffdx\"",
                JsonStrings.quote(TRICKY, Dialect.ZAP));
    }

    @Test
    void appendQuotedAddsToWhatIsThere() {
        var out = new StringBuilder("k:");
        JsonStrings.appendQuoted(out, "v", Dialect.ZAP);
        assertEquals("k:\"v\"", out.toString());
    }
}
