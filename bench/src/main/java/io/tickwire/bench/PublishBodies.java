package io.tickwire.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What {@link PublishBench} posts: 100 instruments of five kinds (equities, FX at 5 and 3 decimals,
 * crypto with fractional sizes, futures on a 0.25 tick), and request bodies of quotes of them in
 * §1's field order without spaces, each price on its instrument's tick.
 */
final class PublishBodies {

    private static final String[][] KINDS = {
        // type, price decimals, tick in units, size decimals, start price in units
        {"equity", "2", "1", "0", "18931"},
        {"fx", "5", "1", "0", "108345"},
        {"fx", "3", "1", "0", "151203"},
        {"crypto", "2", "1", "8", "9712345"},
        {"future", "2", "25", "0", "601225"},
    };

    private PublishBodies() {
    }

    static String symbol(int i) {
        return switch (i % KINDS.length) {
            case 0 -> "EQ" + i;
            case 1 -> "FX" + i + "/USD";
            case 2 -> "USD/J" + i;
            case 3 -> "C" + i + "-USD";
            default -> "F" + i + "Z6";
        };
    }

    /** The body of {@code POST /api/instruments}: the 100 instruments. */
    static String instruments() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String[] k = KINDS[i % KINDS.length];
            int pd = Integer.parseInt(k[1]);
            out.add("{\"symbol\":\"" + symbol(i) + "\",\"type\":\"" + k[0] + "\",\"priceDecimals\":" + pd
                    + ",\"tickSize\":" + plain(Long.parseLong(k[2]), pd) + ",\"sizeDecimals\":" + k[3] + "}");
        }
        return "[" + String.join(",", out) + "]";
    }

    /** {@code count} bodies of {@code batch} quotes over the 100 instruments, prices walking on their ticks. */
    static List<String> quotes(int batch, int count) {
        SplittableRandom r = new SplittableRandom(1);
        long[] volume = new long[100];
        List<String> bodies = new ArrayList<>(count);
        StringBuilder b = new StringBuilder(batch * 200);
        for (int n = 0; n < count; n++) {
            b.setLength(0);
            b.append('[');
            for (int q = 0; q < batch; q++) {
                int i = r.nextInt(100);
                String[] k = KINDS[i % KINDS.length];
                int pd = Integer.parseInt(k[1]);
                long tick = Long.parseLong(k[2]);
                int sd = Integer.parseInt(k[3]);
                long bid = Long.parseLong(k[4]) + tick * r.nextInt(-50, 50);
                long size = (1 + r.nextInt(500)) * (sd > 0 ? 1_000 : 100);
                volume[i] += size;
                b.append(q == 0 ? "" : ",").append("{\"symbol\":\"").append(symbol(i)).append("\",\"bid\":")
                        .append(plain(bid, pd)).append(",\"ask\":").append(plain(bid + tick, pd)).append(",\"last\":")
                        .append(plain(bid, pd)).append(",\"bidSize\":").append(plain(size, sd)).append(",\"askSize\":")
                        .append(plain(size, sd)).append(",\"lastSize\":").append(plain(size, sd)).append(",\"volume\":")
                        .append(plain(volume[i], sd)).append(",\"open\":").append(plain(bid, pd)).append('}');
            }
            bodies.add(b.append(']').toString());
        }
        return bodies;
    }

    /** {@code units} at {@code decimals} places, plain. */
    static String plain(long units, int decimals) {
        if (decimals == 0) {
            return Long.toString(units);
        }
        String digits = String.format("%0" + (decimals + 1) + "d", units);
        return digits.substring(0, digits.length() - decimals) + "." + digits.substring(digits.length() - decimals);
    }

    /** The {@code count} of a {@code {"count":n,…}} answer. */
    static long count(String answer) {
        int at = answer.indexOf("\"count\":") + 8;
        int end = at;
        while (end < answer.length() && Character.isDigit(answer.charAt(end))) {
            end++;
        }
        return Long.parseLong(answer.substring(at, end));
    }
}
