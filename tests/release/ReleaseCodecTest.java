package release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseCodecTest {
    static final Path DIR = Path.of("tests/release");

    /** The `data.release` value of the Helm-written Secret fixture (wire form: base64 twice). */
    @SuppressWarnings("unchecked")
    static String helmWirePayload() throws Exception {
        var secret = new ObjectMapper(new YAMLFactory()).readValue(DIR.resolve("helm-release-v1-secret.yaml").toFile(), Map.class);
        return ((Map<String, String>) secret.get("data")).get("release");
    }

    static String helmPayload() throws Exception {
        return new String(Base64.getDecoder().decode(helmWirePayload()), StandardCharsets.US_ASCII);
    }

    @Test
    void helmRecordReEncodesToTheSameJsonByteForByte() throws Exception {
        String helmJson = ReleaseCodec.decodeToJson(helmPayload());
        Release release = ReleaseJson.read(helmJson, Map.of());
        assertEquals(helmJson, ReleaseJson.write(release));
    }

    @Test
    void helmRecordFieldsAreRead() throws Exception {
        Release r = ReleaseCodec.decode(helmPayload(), Map.of("team", "x"));
        assertEquals("vllm-llama3-8b-instruct", r.name());
        assertEquals("serving", r.namespace());
        assertEquals(1, r.version());
        assertEquals(ReleaseStatus.DEPLOYED, r.status());
        assertEquals("Install complete", r.info().description());
        assertEquals("2026-11-20T09:15:02.123456789Z", GoTime.rfc3339(r.info().lastDeployed()));
        assertNull(r.info().deleted());
        assertEquals("inferencepool-0.0.0", r.chartLabel());
        assertEquals("0.0.0", r.appVersion());
        assertEquals(Map.of("replicas", 2), r.config().get("inferenceExtension"));
        assertEquals("ssa", r.applyMethod());
        assertTrue(r.manifest().startsWith("---\n# Source: inferencepool/templates/rbac.yaml\n"));
        assertEquals(Map.of("team", "x"), r.labels());
    }

    @Test
    void encodedRecordIsGzipLevel9ThenStandardBase64AndDecodesBack() throws Exception {
        Release r = ReleaseCodec.decode(helmPayload(), Map.of());
        String payload = ReleaseCodec.encode(r);
        assertTrue(payload.startsWith("H4sI"), payload.substring(0, 8));
        byte[] gz = Base64.getDecoder().decode(payload);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8}, java.util.Arrays.copyOf(gz, 3));
        assertEquals(ReleaseJson.write(r), ReleaseCodec.decodeToJson(payload));
    }

    @Test
    void plainBase64JsonWithoutGzipIsReadToo() {
        String json = "{\"name\":\"mini\",\"info\":{\"status\":\"deployed\"},\"version\":1,\"namespace\":\"default\"}";
        Release r = ReleaseCodec.decode(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)), Map.of());
        assertEquals("mini", r.name());
        assertEquals("MISSING", r.chartLabel());
        assertEquals(json, ReleaseJson.write(r));
    }

    @Test
    void helm3EmptyDeletedTimeReadsAsUnset() {
        String json = "{\"name\":\"a\",\"info\":{\"first_deployed\":\"2026-01-01T00:00:00Z\",\"deleted\":\"\",\"status\":\"deployed\"},\"version\":1}";
        Release r = ReleaseJson.read(json, Map.of());
        assertNull(r.info().deleted());
        assertEquals("{\"name\":\"a\",\"info\":{\"first_deployed\":\"2026-01-01T00:00:00Z\",\"status\":\"deployed\"},\"version\":1}",
                ReleaseJson.write(r));
    }

    @Test
    void goJsonEscapesHtmlCharactersSortsConfigKeysAndWritesWholeFloatsWithoutFraction() {
        var config = new LinkedHashMap<String, Object>();
        config.put("b", 2.0);
        config.put("a", "<x&y>");
        config.put("c", List.of(0.1, 1e21, 1.5e-7, 42L));
        var r = new Release("n", "ns", 1, new Release.Info(null, null, null, "", ReleaseStatus.DEPLOYED, ""),
                null, config, "", null, null, Map.of());
        assertEquals("{\"name\":\"n\",\"info\":{\"status\":\"deployed\"},"
                + "\"config\":{\"a\":\"\\u003cx\\u0026y\\u003e\",\"b\":2,\"c\":[0.1,1e+21,1.5e-7,42]},"
                + "\"version\":1,\"namespace\":\"ns\"}", ReleaseJson.write(r));
    }

    @Test
    void recordWithoutInfoIsRejectedWithAMessage() {
        var e = assertThrows(ReleaseException.class, () -> ReleaseJson.read("{\"name\":\"a\"}", Map.of()));
        assertTrue(e.getMessage().contains("no info"));
    }

    @Test
    void timesUseGoLayouts() {
        var t = java.time.OffsetDateTime.parse("2026-11-27T10:46:30.027418849Z");
        assertEquals("Fri Nov 27 10:46:30 2026", GoTime.ansic(t));
        assertEquals("2026-11-27 10:46:30.027418849 +0000 UTC", GoTime.goString(t));
        assertEquals("Sat Nov  7 10:46:30 2026", GoTime.ansic(java.time.OffsetDateTime.parse("2026-11-07T10:46:30Z")));
        assertEquals("2026-11-27T10:46:30.12Z", GoTime.rfc3339(java.time.OffsetDateTime.parse("2026-11-27T10:46:30.120Z")));
    }
}
