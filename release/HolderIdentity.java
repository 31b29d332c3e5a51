package release;

import java.net.InetAddress;

/** Names the process that holds a pending revision: `pool@<host>:<pid>`. */
public record HolderIdentity(String host, long pid) {

    public static HolderIdentity current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return new HolderIdentity(host, ProcessHandle.current().pid());
    }

    public String id() {
        return "pool@" + host + ":" + pid;
    }

    /** True only when the holder ran on this host and its process is gone. */
    public boolean isDeadLocalProcess(String holderId) {
        String prefix = "pool@" + host + ":";
        if (holderId == null || !holderId.startsWith(prefix)) {
            return false;
        }
        try {
            long holderPid = Long.parseLong(holderId.substring(prefix.length()));
            return ProcessHandle.of(holderPid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
