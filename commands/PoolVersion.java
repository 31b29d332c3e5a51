package commands;

import picocli.CommandLine;

/** The version of pool (and of its chart: the `app.kubernetes.io/version` label, the release record's chart metadata). */
public final class PoolVersion implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"pool " + VERSION};
    }
}
