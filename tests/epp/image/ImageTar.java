package epp.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An image tar read back as a container runtime reads it: the OCI layout Jib writes (index.json →
 * manifest → config and layer blobs) or a Docker archive (manifest.json). Layers are gzip tars;
 * entries keep their mode, owner and modification time.
 */
final class ImageTar {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, byte[]> files;
    final JsonNode manifest;
    final JsonNode config;
    final String referenceName;
    private final List<String> layerNames;

    record Entry(String path, char type, int mode, int uid, int gid, long mtime, long size) {}

    private ImageTar(Map<String, byte[]> files, JsonNode manifest, JsonNode config, String referenceName, List<String> layerNames) {
        this.layerNames = layerNames;
        this.files = files;
        this.manifest = manifest;
        this.config = config;
        this.referenceName = referenceName;
    }

    static ImageTar read(Path tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            for (var entry : entries(in, true)) {
                files.put(entry.getKey().path(), entry.getValue());
            }
        }
        if (files.containsKey("index.json")) {
            JsonNode index = JSON.readTree(files.get("index.json"));
            JsonNode descriptor = index.get("manifests").get(0);
            JsonNode manifest = JSON.readTree(blob(files, descriptor.get("digest").asText()));
            JsonNode config = JSON.readTree(blob(files, manifest.get("config").get("digest").asText()));
            List<String> layers = new ArrayList<>();
            manifest.get("layers").forEach(layer -> layers.add("blobs/sha256/" + layer.get("digest").asText().substring("sha256:".length())));
            return new ImageTar(files, manifest, config, descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText(), layers);
        }
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        JsonNode config = JSON.readTree(files.get(manifest.get("Config").asText()));
        List<String> layers = new ArrayList<>();
        manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
        return new ImageTar(files, manifest, config, manifest.get("RepoTags").get(0).asText(), layers);
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] blob = files.get("blobs/sha256/" + digest.substring("sha256:".length()));
        if (blob == null) {
            throw new AssertionError("no blob " + digest + " in the tar: " + files.keySet());
        }
        return blob;
    }

    /** The config's `config` section (Entrypoint, User, ExposedPorts, Env, WorkingDir...). */
    JsonNode containerConfig() {
        return config.get("config");
    }

    /** The layers' blob names in the tar (OCI: blobs/sha256/DIGEST), in order. */
    List<String> layerDigests() {
        return layerNames;
    }

    /** The entries of each layer, in layer order, keyed by path without the leading slash or trailing slash. */
    List<Map<String, Entry>> layers() throws IOException {
        List<Map<String, Entry>> layers = new ArrayList<>();
        for (String name : layerNames) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(files.get(name)))) {
                for (var entry : entries(in, false)) {
                    String path = entry.getKey().path().replaceAll("^\\./|^/|/$", "");
                    entries.put(path, entry.getKey());
                }
            }
            layers.add(entries);
        }
        return layers;
    }

    /** Writes layer {@code index}'s directories and regular files under {@code root}, executable where the layer says so. */
    void unpack(int index, Path root) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(files.get(layerNames.get(index))))) {
            for (var entry : entries(in, true)) {
                Path target = root.resolve(entry.getKey().path().replaceAll("^\\./|^/", ""));
                if (entry.getKey().type() == '5') {
                    Files.createDirectories(target);
                } else if (entry.getKey().type() == '0') {
                    Files.createDirectories(target.getParent());
                    Files.write(target, entry.getValue());
                    target.toFile().setExecutable((entry.getKey().mode() & 0100) != 0);
                }
            }
        }
    }

    /** A small ustar/pax reader: regular files, directories and symbolic links; pax `path` overrides the name. */
    private static List<Map.Entry<Entry, byte[]>> entries(InputStream in, boolean keepContent) throws IOException {
        List<Map.Entry<Entry, byte[]>> result = new ArrayList<>();
        String paxPath = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || header[0] == 0) {
                return result;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = (char) (header[156] == 0 ? '0' : header[156]);
            byte[] content = in.readNBytes((int) size);
            in.readNBytes((int) ((512 - size % 512) % 512));
            if (type == 'x') {
                for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
                    int space = record.indexOf(' ');
                    if (space > 0 && record.substring(space + 1).startsWith("path=")) {
                        paxPath = record.substring(space + 1 + "path=".length());
                    }
                }
                continue;
            }
            if (type == 'g') {
                continue;
            }
            var entry = new Entry(paxPath != null ? paxPath : name, type, (int) octal(header, 100, 8) & 07777, (int) octal(header, 108, 8),
                    (int) octal(header, 116, 8), octal(header, 136, 12), size);
            paxPath = null;
            result.add(Map.entry(entry, keepContent ? content : new byte[0]));
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
