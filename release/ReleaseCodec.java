package release;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Helm's record encoding (release.md §1.4): JSON → gzip level 9 → standard base64. The result is
 * the text Helm puts in `data.release` (which the Secret's own base64 wraps once more on the wire).
 */
public final class ReleaseCodec {
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};

    private ReleaseCodec() {}

    public static String encode(Release release) {
        return Base64.getEncoder().encodeToString(gzip(ReleaseJson.write(release).getBytes(StandardCharsets.UTF_8)));
    }

    /** Decodes the payload text; gunzips only when it starts with the gzip magic, as Helm does. */
    public static Release decode(String payload, Map<String, String> labels) {
        return ReleaseJson.read(decodeToJson(payload), labels);
    }

    public static String decodeToJson(String payload) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(payload.trim());
        } catch (IllegalArgumentException e) {
            throw new ReleaseException("release record is not base64: " + e.getMessage());
        }
        if (bytes.length >= 3 && bytes[0] == GZIP_MAGIC[0] && bytes[1] == GZIP_MAGIC[1] && bytes[2] == GZIP_MAGIC[2]) {
            try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ReleaseException("release record is not valid gzip: " + e.getMessage());
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** gzip with Go's header for BestCompression: no name, mtime 0, XFL 2, OS unknown. */
    static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream(data.length / 3 + 64);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff});
        var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        var crc = new CRC32();
        crc.update(data);
        writeIntLE(out, (int) crc.getValue());
        writeIntLE(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }
}
