package io.github.mqttkafkabridge.bridge.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load as Mosquitto's own C client sends it: one {@code mosquitto_pub -l} process per publisher, each line
 * written to its stdin one message. The publish time in a message is when the bench writes its line (at full
 * load the pipe to the client holds a few dozen messages, so latency there is queueing anyway).
 */
final class MosquittoPubLoad implements BenchLoad {
    private final String executable;
    private final String host;
    private final int port;
    private final String topicPrefix;
    private final int publishers;
    private final int qos;
    private final int payloadBytes;
    private final double rate;
    private final Path logDir;
    private final AtomicLong published = new AtomicLong();
    private final List<ChildProcess> clients = new ArrayList<>();

    MosquittoPubLoad(String executable, String host, int port, String topicPrefix, int publishers, int qos,
                     int payloadBytes, double rate, Path logDir) {
        this.executable = executable;
        this.host = host;
        this.port = port;
        this.topicPrefix = topicPrefix;
        this.publishers = publishers;
        this.qos = qos;
        this.payloadBytes = payloadBytes;
        this.rate = rate;
        this.logDir = logDir;
    }

    @Override
    public long published() {
        return published.get();
    }

    /**
     * Writes the lines and returns; the clients keep running until {@link #close()}. mosquitto_pub reads its input
     * ahead of what the broker has acknowledged, and on end of input it disconnects without sending what it had
     * read but not yet sent (measured: a 300,000-message load lost about two thirds), so its input stays open
     * until the bench has read what it needed.
     */
    @Override
    public void publish(long from, long count, String clientIdPrefix) throws Exception {
        List<Thread> writers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int p = 0; p < publishers; p++) {
            int index = p;
            ChildProcess client = ChildProcess.start("mosquitto_pub", logDir, List.of(executable, "-h", host,
                    "-p", Integer.toString(port), "-q", Integer.toString(qos), "-V", "mqttv5", "-M", "1000",
                    "-i", clientIdPrefix + "-" + p, "-t", topicPrefix + "/" + p, "-l"));
            clients.add(client);
            Thread t = new Thread(() -> {
                try {
                    writeLines(client.process().getOutputStream(), index, from, count);
                } catch (Exception e) {
                    failure[0] = new IllegalStateException("mosquitto_pub " + index + " failed (see "
                            + client.log() + "): " + e.getMessage(), e);
                }
            }, "bench-mosquitto-pub-" + p);
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Ends the clients' input and waits for them to exit. */
    @Override
    public void close() throws InterruptedException {
        for (ChildProcess c : clients) {
            c.close();
        }
        clients.clear();
    }

    private void writeLines(OutputStream stdin, int index, long from, long count) throws Exception {
        long start = System.nanoTime();
        long sent = 0;
        OutputStream out = new BufferedOutputStream(stdin, 16 * 1024);
        for (long seq = from + index; seq < from + count; seq += publishers) {
            if (rate > 0) {
                long wait = start + (long) (sent * 1e9 * publishers / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            out.write(BenchPayloads.make(seq, System.nanoTime(), payloadBytes)); // the newline is not sent
            out.write('\n');
            if (rate > 0) {
                out.flush(); // paced: each message leaves when its time comes
            }
            sent++;
            published.incrementAndGet();
        }
        out.flush(); // not closed: see publish
    }
}
