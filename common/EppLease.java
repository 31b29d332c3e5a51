package common;

/**
 * The Lease the EPP's replicas elect their leader with (epp.md §7.3): the EPP takes and renews it,
 * {@code pool status} reads its holder.
 */
public final class EppLease {
    private EppLease() {}

    public static String name(String namespace, String poolName) {
        return "epp-" + namespace + "-" + poolName + ".gateway-api-inference-extension.sigs.k8s.io";
    }
}
