package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Protobuf bodies as client-go writes them: k8s\0 + runtime.Unknown{typeMeta, raw}. */
class ProtobufBodiesTest {
    @Test
    void helmReleaseSecretDecodesToJson() throws IOException {
        byte[] metadata = message(out -> {
            out.writeString(1, "sh.helm.release.v1.demo.v1");
            out.writeString(3, "default");
            out.writeBytes(11, entry("owner", ByteString.copyFromUtf8("helm")));
            out.writeBytes(11, entry("status", ByteString.copyFromUtf8("deployed")));
        });
        byte[] secret = message(out -> {
            out.writeByteArray(1, metadata);
            out.writeBytes(2, entry("release", ByteString.copyFrom(new byte[] {1, 2, 3})));
            out.writeString(3, "helm.sh/release.v1");
        });

        ObjectNode decoded = ProtobufBodies.decode(envelope("v1", "Secret", secret));

        assertEquals("Secret", decoded.get("kind").asText());
        assertEquals("sh.helm.release.v1.demo.v1", decoded.at("/metadata/name").asText());
        assertEquals("default", decoded.at("/metadata/namespace").asText());
        assertEquals("helm", decoded.at("/metadata/labels/owner").asText());
        assertEquals("deployed", decoded.at("/metadata/labels/status").asText());
        assertEquals("AQID", decoded.at("/data/release").asText());
        assertEquals("helm.sh/release.v1", decoded.get("type").asText());
    }

    @Test
    void otherKindsAreRefusedWithAFix() throws IOException {
        byte[] body = envelope("apps/v1", "Deployment", new byte[0]);

        ApiException e = assertThrows(ApiException.class, () -> ProtobufBodies.decode(body));

        assertEquals(415, e.code);
        assertTrue(e.getMessage().contains("apps/v1 Deployment") && e.getMessage().contains("kubectl apply -f"));
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static ByteString entry(String key, ByteString value) throws IOException {
        return ByteString.copyFrom(message(out -> {
            out.writeString(1, key);
            out.writeBytes(2, value);
        }));
    }

    private static byte[] envelope(String apiVersion, String kind, byte[] raw) throws IOException {
        byte[] typeMeta = message(out -> {
            out.writeString(1, apiVersion);
            out.writeString(2, kind);
        });
        byte[] unknown = message(out -> {
            out.writeByteArray(1, typeMeta);
            out.writeByteArray(2, raw);
            out.writeString(4, "application/vnd.kubernetes.protobuf");
        });
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write("k8s".getBytes(StandardCharsets.US_ASCII));
        all.write(0);
        all.write(unknown);
        return all.toByteArray();
    }
}
