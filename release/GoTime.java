package release;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Go's time layouts used by Helm: RFC 3339 with nanoseconds (records), ANSIC (status), time.String() (list). */
public final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ANSIC = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter GO_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private GoTime() {}

    /** RFC3339Nano: fraction with trailing zeros trimmed, `Z` for UTC. */
    public static String rfc3339(OffsetDateTime t) {
        var out = new StringBuilder(SECONDS.format(t)).append(fraction(t.getNano()));
        out.append(t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId());
        return out.toString();
    }

    /** Reads RFC 3339; Helm 3's empty string and null mean "not set". */
    public static OffsetDateTime parse(Object text) {
        if (text == null || text.toString().isEmpty()) {
            return null;
        }
        var t = OffsetDateTime.parse(text.toString());
        return t.toInstant().equals(Instant.parse("0001-01-01T00:00:00Z")) ? null : t;
    }

    /** `Fri Nov 27 10:46:26 2026`, as `helm status` prints LAST DEPLOYED. */
    public static String ansic(OffsetDateTime t) {
        return t == null ? "" : ANSIC.format(t);
    }

    /** `2026-11-27 10:46:30.027418849 +0000 UTC`, as `helm list` prints UPDATED. */
    public static String goString(OffsetDateTime t) {
        if (t == null) {
            return "";
        }
        String offset = t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", "");
        String zone = t.getOffset().equals(ZoneOffset.UTC) ? "UTC" : offset;
        return GO_STRING.format(t) + fraction(t.getNano()) + " " + offset + " " + zone;
    }

    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String digits = String.format("%09d", nanos).replaceAll("0+$", "");
        return "." + digits;
    }
}
