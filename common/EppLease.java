package common;

import java.util.List;

/**
 * The Lease the EPP's replicas elect their leader with (epp.md §7.3): the EPP takes and renews it,
 * {@code pool status} reads its holder.
 */
public final class EppLease {
    /** The EPP flag that makes its replicas elect a leader; the chart adds it when replicas > 1. */
    public static final String FLAG = "--ha-enable-leader-election";

    private EppLease() {}

    /**
     * Whether EPP arguments turn leader election on, as Go's flag package reads them: the flag's last
     * occurrence decides, bare ({@code --ha-enable-leader-election}, also with one dash) or with a
     * {@link GoBoolean} value.
     */
    public static boolean enabledBy(List<?> args) {
        boolean enabled = false;
        for (Object arg : args) {
            if (!(arg instanceof String text) || !text.startsWith("-")) {
                continue;
            }
            String flag = text.startsWith("--") ? text : "-" + text;
            if (flag.equals(FLAG)) {
                enabled = true;
            } else if (flag.startsWith(FLAG + "=")) {
                enabled = GoBoolean.parse(flag.substring(FLAG.length() + 1)).orElse(enabled);
            }
        }
        return enabled;
    }

    public static String name(String namespace, String poolName) {
        return "epp-" + namespace + "-" + poolName + ".gateway-api-inference-extension.sigs.k8s.io";
    }
}
