package common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The chart's default EndpointPickerConfig, {@code default-plugins.yaml} (queue, kv-cache and
 * prefix-cache scorers in one profile): the chart puts it in the EPP's ConfigMap and the EPP runs it
 * when given no configuration. One file, {@code common/default-plugins.yaml}, shipped in both jars
 * by a {@code //FILES} line of pool.java and of epp/EndpointPicker.java.
 */
public final class DefaultPluginsConfig {
    /** The ConfigMap key and the file name under the EPP's {@code /config}. */
    public static final String FILE_NAME = "default-plugins.yaml";
    private static final String RESOURCE = "common/" + FILE_NAME;

    private static String text;

    private DefaultPluginsConfig() {}

    /** The file's text, exactly as the reference chart ships it. */
    public static synchronized String text() {
        if (text == null) {
            try (InputStream in = DefaultPluginsConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath (a //FILES line of the program's entry)");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        return text;
    }
}
