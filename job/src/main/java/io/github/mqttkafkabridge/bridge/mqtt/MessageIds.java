package io.github.mqttkafkabridge.bridge.mqtt;

import java.util.concurrent.ThreadLocalRandom;

/**
 * EMQX's message {@code id}: 32 hex digits, unique per message. Random 128 bits from the thread's generator:
 * unique enough, and unlike {@code UUID.randomUUID()} it does not draw on the secure random source, which is
 * shared and slow, for every message.
 */
final class MessageIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        write(random.nextLong(), id, 0);
        write(random.nextLong(), id, 16);
        return new String(id);
    }

    private static void write(long bits, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
