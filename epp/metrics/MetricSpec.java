package epp.metrics;

import common.GoQuote;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which series of a model server's exposition to read: a family name and labels a series must
 * carry, written `name` or `name{l1=v1,l2=v2}` (epp.md §4.2). Values are compared verbatim: quotes
 * are not stripped, so `{request_type="waiting"}` only matches a value that contains the quotes.
 */
public record MetricSpec(String name, Map<String, String> labels) {
    public MetricSpec {
        labels = Map.copyOf(labels);
    }

    /**
     * Parses a spec flag value; the empty string means "not scraped". Error texts are the
     * reference EPP's, word for word.
     *
     * @throws InvalidMetricSpecException naming the spec and what is wrong with it
     */
    public static Optional<MetricSpec> parse(String spec) {
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        String s = spec.strip();
        String name = s;
        Map<String, String> labels = new LinkedHashMap<>();
        int start = s.indexOf('{');
        int end = s.indexOf('}');
        if (start != -1 || end != -1) {
            if (start == -1 || end == -1 || end <= start + 1) {
                throw new InvalidMetricSpecException("invalid metric spec string: " + GoQuote.quote(s)
                        + ", missing or malformed label block");
            }
            name = s.substring(0, start).strip();
            for (String rawPair : s.substring(start + 1, end).split(",", -1)) {
                String pair = rawPair.strip();
                String[] parts = pair.split("=", -1);
                if (parts.length != 2) {
                    throw new InvalidMetricSpecException("invalid label pair: " + GoQuote.quote(pair)
                            + " in metric spec: " + GoQuote.quote(s));
                }
                String labelName = parts[0].strip();
                String labelValue = parts[1].strip();
                if (labelName.isEmpty() || labelValue.isEmpty()) {
                    throw new InvalidMetricSpecException("empty label name or value in pair: " + GoQuote.quote(pair)
                            + " in metric spec: " + GoQuote.quote(s));
                }
                labels.put(labelName, labelValue);
            }
            if (end != s.length() - 1) {
                throw new InvalidMetricSpecException("invalid characters after label section in: " + GoQuote.quote(s));
            }
        }
        if (name.isEmpty()) {
            throw new InvalidMetricSpecException("empty metric name in spec: " + GoQuote.quote(s));
        }
        return Optional.of(new MetricSpec(name, labels));
    }

    /** The spec as a flag value, for logs and `--help`. */
    @Override
    public String toString() {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
        return b.append('}').toString();
    }

    /** A metric spec that does not parse; the message is the reference EPP's. */
    public static final class InvalidMetricSpecException extends IllegalArgumentException {
        InvalidMetricSpecException(String message) {
            super(message);
        }
    }
}
