package io.github.mqttkafkabridge.bridge.bench;

/** What publishes a bench's messages: Paho clients in the bench's JVM, or {@code mosquitto_pub} processes. */
interface BenchLoad extends AutoCloseable {
    /**
     * Publishes the messages with sequence numbers {@code from .. from+count-1}, spread over the publishers, and
     * returns when all are published.
     */
    void publish(long from, long count, String clientIdPrefix) throws Exception;

    /** Messages published so far, for progress lines. */
    long published();

    /** Stops what still runs of the load, once its messages have been read back. */
    @Override
    default void close() throws Exception {}
}
