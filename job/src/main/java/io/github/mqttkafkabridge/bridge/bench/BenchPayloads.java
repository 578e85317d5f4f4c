package io.github.mqttkafkabridge.bridge.bench;

import java.nio.charset.StandardCharsets;

/**
 * Bench messages: JSON {@code {"seq":N,"t":<System.nanoTime() at publish>,"pad":"xxx"}} padded to a size, so
 * a reader can tell which message it sees and how long it took. One JVM runs the load and the readers, so
 * {@code nanoTime} is comparable.
 */
final class BenchPayloads {
    private BenchPayloads() {}

    static byte[] make(long seq, long publishNanos, int bytes) {
        String head = "{\"seq\":" + seq + ",\"t\":" + publishNanos + ",\"pad\":\"";
        int pad = Math.max(0, bytes - head.length() - 2);
        return (head + "x".repeat(pad) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code seq} and {@code t} of a payload, found in any text that contains it (also JSON-escaped). */
    static long[] parse(String text) {
        int s = text.indexOf("seq");
        int t = text.indexOf("\"t", s);
        if (s < 0 || t < 0) {
            return null;
        }
        return new long[] {number(text, s + 3), number(text, t + 2)};
    }

    private static long number(String text, int from) {
        int i = from;
        while (i < text.length() && !Character.isDigit(text.charAt(i))) {
            i++;
        }
        long n = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            n = n * 10 + (text.charAt(i++) - '0');
        }
        return n;
    }
}
