package gateway;

/** An {@code ip:port} (IPv6 in brackets, `[::1]:8000`), as the EPP writes destinations. */
public record HostPort(String host, int port) {
    public static HostPort parse(String address) {
        String text = address == null ? "" : address.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("endpoint '" + address + "' is not ip:port (e.g. 10.0.0.5:8000)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + address + "' has no numeric port (e.g. 10.0.0.5:8000)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint '" + address + "' has port " + port + " outside 1-65535");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
