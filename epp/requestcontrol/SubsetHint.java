package epp.requestcontrol;

import epp.datastore.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints a proxy allows for a request (epp.md §2.11), from the `ip:port` entries of
 * `envoy.lb.subset_hint`. Upstream keeps only the IP of each entry; with pod × port endpoints
 * (§0.3) an entry naming one of the pool's target ports selects just that endpoint, and an entry
 * without a port or with another port selects every endpoint of that IP, as upstream does.
 */
public record SubsetHint(List<Entry> entries) {
    /** One entry; {@code port} is null when the entry has none. */
    public record Entry(String host, Integer port) {}

    public SubsetHint {
        entries = List.copyOf(entries);
    }

    /** Parses `ip:port`, `[v6]:port`, `ip` and bare IPv6 entries; an unparsable port counts as none. */
    public static SubsetHint parse(List<String> values) {
        List<Entry> entries = new ArrayList<>();
        for (String value : values) {
            entries.add(entry(value));
        }
        return new SubsetHint(entries);
    }

    private static Entry entry(String value) {
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close > 0) {
                host = value.substring(1, close);
                port = value.startsWith(":", close + 1) ? value.substring(close + 2) : null;
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        try {
            return new Entry(host, port == null ? null : Integer.valueOf(port));
        } catch (NumberFormatException e) {
            return new Entry(host, null);
        }
    }

    public boolean allows(Endpoint endpoint, List<Integer> targetPorts) {
        for (Entry entry : entries) {
            if (entry.host().equals(endpoint.address())
                    && (entry.port() == null || !targetPorts.contains(entry.port()) || entry.port() == endpoint.port())) {
                return true;
            }
        }
        return false;
    }
}
