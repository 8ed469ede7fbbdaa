package io.connwatch.page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart with the hours on the x axis: at most one bar series up and one down from the
 * zero line (a watched host's peers in and out), and line series. Every hour is a group {@code <g
 * class="hour" data-hour="...">} with its tooltip ({@code <title>}), a hover area and one element
 * per series carrying {@code data-value}: an hour without data is there with 0, and a reader (or a
 * test) can find each hour's numbers in the document. Sized by its viewBox, so it fills the width.
 */
final class HourChart {
    static final int WIDTH = 1320;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 42;
    /** Hour labels at least this far apart, in px. */
    private static final double LABEL_SPACING = 44;
    private static final long[] LABEL_STEPS = {1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4320, 8760};

    private record Series(String name, long[] values, Kind kind) {}

    private enum Kind { UP, DOWN, LINE }

    private final String id;
    private final List<Long> hours;
    private final int plotHeight;
    private final List<Series> series = new ArrayList<>();
    private String[] titles;

    /**
     * @param id the chart's {@code data-chart}
     * @param plotHeight px between the top and the bottom of the plot area
     */
    HourChart(String id, List<Long> hours, int plotHeight) {
        this.id = id;
        this.hours = hours;
        this.plotHeight = plotHeight;
        this.titles = new String[hours.size()];
    }

    /** Bars up from the zero line; {@code name} is their CSS class and {@code data-series}. */
    HourChart barsUp(String name, long[] values) {
        return add(new Series(name, values, Kind.UP));
    }

    /** Bars down from the zero line. */
    HourChart barsDown(String name, long[] values) {
        return add(new Series(name, values, Kind.DOWN));
    }

    /** A line with a dot per hour. */
    HourChart line(String name, long[] values) {
        return add(new Series(name, values, Kind.LINE));
    }

    /** Each hour's tooltip, plain text (lines separated by \n). */
    HourChart titles(String[] perHour) {
        this.titles = perHour;
        return this;
    }

    private HourChart add(Series s) {
        if (s.values.length != hours.size()) {
            throw new IllegalArgumentException(s.name + ": " + s.values.length + " values for " + hours.size() + " hours");
        }
        if (s.kind != Kind.LINE && series.stream().anyMatch(o -> o.kind == s.kind)) {
            throw new IllegalArgumentException("one bar series a side");
        }
        series.add(s);
        return this;
    }

    /** The {@code <svg>} element; {@code label} is its accessible name. */
    String svg(String label) {
        boolean down = series.stream().anyMatch(s -> s.kind == Kind.DOWN);
        long max = 0;
        for (Series s : series) {
            for (long v : s.values) {
                max = Math.max(max, v);
            }
        }
        long step = niceStep(max);
        long top = Math.max(step, (max + step - 1) / step * step);
        int height = TOP + plotHeight + BOTTOM;
        // zero line: at the bottom, or in the middle with bars down
        double zero = down ? TOP + plotHeight / 2.0 : TOP + plotHeight;
        double scale = (down ? plotHeight / 2.0 : plotHeight) / top;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double slot = hours.isEmpty() ? plotWidth : plotWidth / hours.size();
        // a few hours make wide slots: bars stay bars
        double barWidth = Math.min(Math.max(slot * 0.72, Math.min(slot, 1)), 48);

        StringBuilder sb = new StringBuilder(512 + hours.size() * 320);
        sb.append("<svg class=\"chart\" data-chart=\"").append(Html.text(id)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.text(label)).append("\">");
        // grid and y labels
        for (long v = 0; v <= top; v += step) {
            gridLine(sb, zero - v * scale, v, v == 0);
            if (down && v > 0) {
                gridLine(sb, zero + v * scale, v, false);
            }
        }
        xLabels(sb, slot, height);
        // lines under the hours' hover areas, dots on them
        for (Series s : series) {
            if (s.kind == Kind.LINE) {
                sb.append("<polyline class=\"line ").append(s.name).append("\" points=\"");
                for (int i = 0; i < hours.size(); i++) {
                    sb.append(i == 0 ? "" : " ").append(num(LEFT + (i + 0.5) * slot)).append(',').append(num(zero - s.values[i] * scale));
                }
                sb.append("\"/>");
            }
        }
        for (int i = 0; i < hours.size(); i++) {
            double x = LEFT + i * slot;
            sb.append("<g class=\"hour\" data-hour=\"").append(Instant.ofEpochMilli(hours.get(i))).append("\">");
            if (titles[i] != null) {
                sb.append("<title>");
                String[] lines = titles[i].split("\n", -1);
                for (int l = 0; l < lines.length; l++) {
                    sb.append(l == 0 ? "" : "\n").append(Html.text(lines[l]));
                }
                sb.append("</title>");
            }
            sb.append("<rect class=\"hit\" x=\"").append(num(x)).append("\" y=\"").append(TOP).append("\" width=\"").append(num(slot))
                    .append("\" height=\"").append(plotHeight).append("\"/>");
            for (Series s : series) {
                long v = s.values[i];
                double h = v * scale;
                if (s.kind == Kind.LINE) {
                    sb.append("<circle class=\"dot ").append(s.name).append("\" data-series=\"").append(s.name)
                            .append("\" data-value=\"").append(v).append("\" cx=\"").append(num(x + slot / 2)).append("\" cy=\"")
                            .append(num(zero - h)).append("\" r=\"").append(slot >= 8 ? 3 : 1.5).append("\"/>");
                } else {
                    sb.append("<rect class=\"bar ").append(s.name).append("\" data-series=\"").append(s.name)
                            .append("\" data-value=\"").append(v).append("\" x=\"").append(num(x + (slot - barWidth) / 2))
                            .append("\" y=\"").append(num(s.kind == Kind.UP ? zero - h : zero)).append("\" width=\"")
                            .append(num(barWidth)).append("\" height=\"").append(num(h)).append("\"/>");
                }
            }
            sb.append("</g>");
        }
        return sb.append("</svg>").toString();
    }

    private static void gridLine(StringBuilder sb, double y, long value, boolean zero) {
        sb.append("<line class=\"").append(zero ? "axis" : "grid").append("\" x1=\"").append(LEFT).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\"/>");
        sb.append("<text class=\"ylabel\" x=\"").append(LEFT - 8).append("\" y=\"").append(num(y + 4)).append("\">")
                .append(Html.count(value)).append("</text>");
    }

    /** Hour labels every so many hours (aligned to UTC), the date under the first and under each midnight. */
    private void xLabels(StringBuilder sb, double slot, int height) {
        long every = LABEL_STEPS[LABEL_STEPS.length - 1];
        for (long k : LABEL_STEPS) {
            if (k * slot >= LABEL_SPACING) {
                every = k;
                break;
            }
        }
        boolean first = true;
        for (int i = 0; i < hours.size(); i++) {
            long hourOfEpoch = Math.floorDiv(hours.get(i), ReportSet.HOUR_MS);
            if (Math.floorMod(hourOfEpoch, every) != 0) {
                continue;
            }
            String text = Html.hour(hours.get(i)); // uuuu-MM-dd HH:mm
            double x = LEFT + (i + 0.5) * slot;
            boolean midnight = Math.floorMod(hourOfEpoch, 24) == 0;
            sb.append("<line class=\"tick\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(height - BOTTOM).append("\" y2=\"").append(height - BOTTOM + 4).append("\"/>");
            sb.append("<text class=\"xlabel\" x=\"").append(num(x)).append("\" y=\"").append(height - BOTTOM + 16).append("\">")
                    .append(every < 24 ? text.substring(11) : text.substring(5, 10)).append("</text>");
            if (every < 24 && (first || midnight)) {
                sb.append("<text class=\"xdate\" x=\"").append(num(x)).append("\" y=\"").append(height - BOTTOM + 31).append("\">")
                        .append(text, 0, 10).append("</text>");
            }
            first = false;
        }
    }

    /** A round step (1, 2, 2.5 or 5 times a power of ten) of about a fifth of {@code max}: four to six grid lines. */
    static long niceStep(long max) {
        double rough = max / 5.0;
        long p = 1;
        while (p * 10 <= rough) {
            p *= 10;
        }
        double m = rough / p;
        if (m <= 1) {
            return p;
        }
        if (m <= 2) {
            return 2 * p;
        }
        if (m <= 2.5 && p >= 10) {
            return p * 5 / 2;
        }
        return m <= 5 ? 5 * p : 10 * p;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
