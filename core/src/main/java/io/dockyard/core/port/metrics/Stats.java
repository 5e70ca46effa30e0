package io.dockyard.core.port.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of one period of one metric: sample count, sum, minimum, maximum, and a histogram
 * of the values (relative buckets of 1%, so percentiles are within 1% of the exact value). Values sent
 * only as statistic sets have no histogram, so percentiles leave them out, as CloudWatch does.
 */
public final class Stats {
    private static final double GROWTH = Math.log(1.01);
    private double count, sum;
    private double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    private TreeMap<Double, Double> histogram;
    private double histogramCount;

    /** {@code n} samples of {@code value}. */
    public synchronized void add(double value, double n) {
        count += n;
        sum += value * n;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (histogram == null) histogram = new TreeMap<>();
        histogram.merge(bucket(value), n, Double::sum);
        histogramCount += n;
    }

    /** A statistic set. */
    public synchronized void add(double n, double s, double lo, double hi) {
        count += n;
        sum += s;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
    }

    /** {@code n} more values in the histogram bucket {@code bucket} (a {@link #bucket} value), as a store reads it back: count, sum, minimum and maximum come separately. */
    public synchronized void addToHistogram(double bucket, double n) {
        if (histogram == null) histogram = new TreeMap<>();
        histogram.merge(bucket, n, Double::sum);
        histogramCount += n;
    }

    public synchronized void merge(Stats o) {
        synchronized (o) {
            count += o.count;
            sum += o.sum;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            if (o.histogram != null) {
                if (histogram == null) histogram = new TreeMap<>();
                o.histogram.forEach((k, v) -> histogram.merge(k, v, Double::sum));
                histogramCount += o.histogramCount;
            }
        }
    }

    public synchronized double count() { return count; }
    public synchronized double sum() { return sum; }
    public synchronized double min() { return min; }
    public synchronized double max() { return max; }
    public synchronized double average() { return count == 0 ? 0 : sum / count; }

    /** The {@code p}th percentile (0–100) of the values with a histogram, or NaN without any. */
    public synchronized double percentile(double p) {
        if (histogram == null || histogramCount == 0) return Double.NaN;
        double rank = p / 100.0 * histogramCount;
        double seen = 0;
        double first = histogram.firstKey(), last = histogram.lastKey();
        for (Map.Entry<Double, Double> e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                // the extreme buckets hold the exact extremes
                if (e.getKey() == last) return max;
                if (e.getKey() == first) return min;
                return Math.max(min, Math.min(max, e.getKey()));
            }
        }
        return max;
    }

    /** A statistic by its CloudWatch name (SampleCount, Sum, Average, Minimum, Maximum, pNN); NaN when unknown. */
    public double statistic(String name) {
        return switch (name) {
            case "SampleCount" -> count();
            case "Sum" -> sum();
            case "Average" -> average();
            case "Minimum" -> min();
            case "Maximum" -> max();
            default -> name.startsWith("p") ? percentile(Double.parseDouble(name.substring(1))) : Double.NaN;
        };
    }

    /** The bucket's representative value: values within 1% of each other share it. */
    public static double bucket(double v) {
        if (v == 0 || Double.isNaN(v)) return 0;
        double a = Math.abs(v);
        double k = Math.floor(Math.log(a) / GROWTH);
        double rep = Math.exp((k + 0.5) * GROWTH);
        return v < 0 ? -rep : rep;
    }
}
