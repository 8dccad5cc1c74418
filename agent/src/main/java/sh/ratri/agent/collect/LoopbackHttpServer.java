package sh.ratri.agent.collect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on 127.0.0.1 for {@code collect}: a fixed pool of connection threads, so
 * one slow or stalled client holds one thread and never the others, and every read bounded in
 * time ({@link Limits}). Connections beyond the pool wait in a bounded queue, for which kept-alive
 * connections between requests make way; past that they are answered 503 with {@code Retry-After},
 * which the {@code http} sink honours. The JDK's {@code HttpServer} is not used: its only read
 * timeouts are process-wide system properties that differ between JDK versions.
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** What one request asked. Header names are lower case; the body is whole, at most {@link Limits#maxBodyBytes}. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
    }

    /** A JSON answer, with any extra headers. */
    record Response(int status, String json, Map<String, String> headers) {

        static Response json(int status, String json) {
            return new Response(status, json, Map.of());
        }
    }

    /** Answers one request; runs on a connection thread, so it may block (disk) but never for long. */
    interface Handler {
        Response handle(Request request);
    }

    /**
     * @param threads        connections served at once
     * @param maxBodyBytes   largest request body (as sent); a larger one is answered 413
     * @param readMillis     longest wait for the next byte of a request
     * @param requestMillis  longest a whole request (headers and body) may take to arrive
     * @param idleMillis     longest a kept-alive connection waits for its next request
     */
    record Limits(int threads, int maxBodyBytes, long readMillis, long requestMillis, long idleMillis) {
        static final Limits DEFAULT = new Limits(8, 64 << 20, 10_000, 60_000, 5_000);
    }

    private final ServerSocket listener;
    private final Limits limits;
    private final Handler handler;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private LoopbackHttpServer(ServerSocket listener, Limits limits, Handler handler) {
        this.listener = listener;
        this.limits = limits;
        this.handler = handler;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.threads() * 8), r -> daemon(r, "ratri-collect-" + number.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "ratri-collect-accept");
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port). */
    static LoopbackHttpServer start(int port, Limits limits, Handler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(listener, limits, handler);
        server.acceptor.start();
        return server;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                pauseAfterFailedAccept(); // closed (the loop ends), or out of file descriptors for a moment
                continue;
            }
            open.add(socket);
            try {
                pool.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                busy(socket);
            }
        }
    }

    private void pauseAfterFailedAccept() {
        if (!closed) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            new HttpConnection(socket, limits, handler, () -> !pool.getQueue().isEmpty()).serve();
        } catch (IOException | RuntimeException e) {
            // the client went away or broke the protocol; its connection is closed, others go on
        } finally {
            open.remove(socket);
        }
    }

    /** Every thread and queue slot is taken: a short answer from the accepting thread, then close. */
    private void busy(Socket socket) {
        try (socket) {
            byte[] body = "{\"error\":\"busy, retry shortly\"}".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // it was leaving anyway
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        pool.shutdownNow();
        // a thread blocked reading a socket is not interrupted by shutdownNow: closing its socket frees it
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
