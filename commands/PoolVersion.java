package commands;

import common.ProjectVersion;
import picocli.CommandLine;

/** picocli's version provider: {@code pool --version} prints {@link ProjectVersion#VERSION}. */
public final class PoolVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"pool " + ProjectVersion.VERSION};
    }
}
