package epp.metrics;

import java.util.Map;

/** One series of a scraped family: its labels, value and optional timestamp (0 when absent). */
public record Sample(Map<String, String> labels, double value, long timestampMillis) {}
