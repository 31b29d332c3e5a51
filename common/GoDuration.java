package common;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Go's {@code time.Duration} text, as Helm's {@code --timeout} and the EPP's duration flags take and
 * print it: {@link #parse} is {@code time.ParseDuration} ({@code 50ms}, {@code 1m30s}, {@code 1.5h},
 * {@code -2s}, {@code 0}; a bare {@code 300} has no unit and is refused), {@link #format} is
 * {@code Duration.String()} ({@code 0s}, {@code 500ms}, {@code 1h0m0s}). Durations are int64
 * nanoseconds, as in Go.
 */
public final class GoDuration {
    private static final long SIGN_BIT = Long.MIN_VALUE; // 1<<63 as an unsigned value

    private GoDuration() {}

    /** picocli's converter for duration options; the message says what Go syntax looks like. */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + " (use Go syntax, e.g. 500ms, 30s, 5m0s, 1h30m)");
            }
        }
    }

    /** {@code time.ParseDuration}; throws IllegalArgumentException with Go's error text. */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long total = 0; // unsigned
        int at = 0;
        while (at < s.length()) {
            char c = s.charAt(at);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text);
            }
            int start = at;
            long whole = 0; // unsigned, [0-9]*
            while (at < s.length() && isDigit(s.charAt(at))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(SIGN_BIT, 10)) > 0) {
                    throw invalid(text);
                }
                whole = whole * 10 + (s.charAt(at) - '0');
                if (Long.compareUnsigned(whole, SIGN_BIT) > 0) {
                    throw invalid(text);
                }
                at++;
            }
            boolean digitsBefore = at != start;
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (at < s.length() && s.charAt(at) == '.') {
                at++;
                int fractionStart = at;
                boolean overflow = false;
                while (at < s.length() && isDigit(s.charAt(at))) {
                    if (!overflow) {
                        if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0) {
                            overflow = true;
                        } else {
                            long next = fraction * 10 + (s.charAt(at) - '0');
                            if (Long.compareUnsigned(next, SIGN_BIT) > 0) {
                                overflow = true;
                            } else {
                                fraction = next;
                                scale *= 10;
                            }
                        }
                    }
                    at++;
                }
                digitsAfter = at != fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                throw invalid(text);
            }
            int unitStart = at;
            while (at < s.length() && s.charAt(at) != '.' && !isDigit(s.charAt(at))) {
                at++;
            }
            if (at == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.quote(text));
            }
            String unitText = s.substring(unitStart, at);
            long unit = nanosPer(unitText);
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + GoQuote.quote(unitText) + " in duration " + GoQuote.quote(text));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(SIGN_BIT, unit)) > 0) {
                throw invalid(text);
            }
            long value = whole * unit;
            if (fraction > 0) {
                // As Go: float64 is nanosecond-accurate for fractions of hours.
                value += (long) ((double) fraction * ((double) unit / scale));
                if (Long.compareUnsigned(value, SIGN_BIT) > 0) {
                    throw invalid(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, SIGN_BIT) > 0) {
                throw invalid(text);
            }
        }
        if (negative) {
            return Duration.ofNanos(-total);
        }
        if (total < 0) { // exactly 1<<63: only its negation fits
            throw invalid(text);
        }
        return Duration.ofNanos(total);
    }

    /** Go's {@code Duration.String()}: {@code 0s}, {@code 1.5µs}, {@code 500ms}, {@code 1.5s}, {@code 1m30s}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // unsigned: Long.MIN_VALUE stays 1<<63
        var out = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u == 0) {
                return "0s";
            } else if (u < 1_000) {
                out.append(u).append("ns");
            } else if (u < 1_000_000) {
                out.append(decimal(u, 1_000)).append("µs");
            } else {
                out.append(decimal(u, 1_000_000)).append("ms");
            }
        } else {
            long seconds = Long.divideUnsigned(u, 1_000_000_000L);
            String secondsText = decimal(Long.remainderUnsigned(u, 60_000_000_000L), 1_000_000_000L) + "s";
            long minutes = seconds / 60;
            if (minutes > 0) {
                long hours = minutes / 60;
                if (hours > 0) {
                    out.append(hours).append('h');
                }
                out.append(minutes % 60).append('m');
            }
            out.append(secondsText);
        }
        return (negative ? "-" : "") + out;
    }

    /** {@code value / unit} (value unsigned, below 60·unit or 1000·unit) with the fraction's trailing zeros dropped. */
    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        int width = Long.toString(unit).length() - 1;
        String digits = String.format("%0" + width + "d", fraction).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + GoQuote.quote(text));
    }
}
