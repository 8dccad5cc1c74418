package sh.ratri.agent.collect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One client connection of {@link LoopbackHttpServer}: reads HTTP/1.1 requests one after another
 * (bodies by {@code Content-Length} or chunked), hands each to the handler and writes its answer.
 * Every read is bounded: a byte must come within {@link LoopbackHttpServer.Limits#readMillis}, a whole
 * request within {@code requestMillis}; a client that stalls is answered 408 and closed. A body over
 * the limit is answered 413 at once, then read and discarded (within the same time bound), so the
 * client, still sending, gets to read the answer instead of a reset connection.
 *
 * <p>A connection between requests holds its thread only while no other connection waits for one:
 * then it is answered with {@code Connection: close}, or closed after a short silence.
 */
final class HttpConnection {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** How often a connection waiting for its next request checks whether another one waits for its thread. */
    private static final long YIELD_CHECK_MILLIS = 100;

    private final Socket socket;
    private final LoopbackHttpServer.Limits limits;
    private final LoopbackHttpServer.Handler handler;
    private final BooleanSupplier othersWaiting;
    private final InputStream in;
    private final OutputStream out;
    private long deadline = Long.MAX_VALUE;
    /** Bytes of a Content-Length body still unread after a 413, or -1 for a chunked body. */
    private long remaining;

    /** Ends the request with this status and closes the connection. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    HttpConnection(Socket socket, LoopbackHttpServer.Limits limits, LoopbackHttpServer.Handler handler,
                   BooleanSupplier othersWaiting) throws IOException {
        this.socket = socket;
        this.limits = limits;
        this.handler = handler;
        this.othersWaiting = othersWaiting;
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(new TimedInput(socket.getInputStream()), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
    }

    /** Serves requests until the client closes, stalls, or a request cannot be followed by another. */
    void serve() throws IOException {
        boolean first = true;
        while (true) {
            int firstByte = awaitRequest(first ? limits.readMillis() : limits.idleMillis());
            if (firstByte < 0) {
                return;
            }
            first = false;
            deadline = System.currentTimeMillis() + limits.requestMillis();
            if (!exchange(firstByte)) {
                return;
            }
        }
    }

    /**
     * The first byte of the next request, or -1 when the client closed, stayed silent for
     * {@code waitMillis}, or stayed silent while another connection waits for a thread: nothing was
     * asked, so nothing needs an answer.
     */
    private int awaitRequest(long waitMillis) throws IOException {
        long end = System.currentTimeMillis() + waitMillis;
        while (true) {
            deadline = Math.min(end, System.currentTimeMillis() + YIELD_CHECK_MILLIS);
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                if (System.currentTimeMillis() >= end || othersWaiting.getAsBoolean()) {
                    return -1;
                }
            }
        }
    }

    /** One request and its answer; false when the connection must close after it. */
    private boolean exchange(int firstByte) throws IOException {
        String method = "";
        try {
            String[] requestLine = requestLine(firstByte);
            method = requestLine[0];
            Map<String, String> headers = headers();
            boolean keepAlive = keepAlive(requestLine[2], headers.get("connection"));
            byte[] body = body(method, headers);
            LoopbackHttpServer.Response response = handler.handle(
                    new LoopbackHttpServer.Request(method, path(requestLine[1]), headers, body));
            boolean next = keepAlive && !othersWaiting.getAsBoolean();
            respond(method, response, next);
            return next;
        } catch (Refusal refusal) {
            respond(method, LoopbackHttpServer.Response.json(refusal.status,
                    "{\"error\":\"" + refusal.getMessage() + "\"}"), false);
            if (refusal.status == 413) {
                discardRest();
            }
            return false;
        } catch (SocketTimeoutException e) {
            respond(method, LoopbackHttpServer.Response.json(408, "{\"error\":\"request not received in time\"}"), false);
            return false;
        } catch (RuntimeException e) {
            respond(method, LoopbackHttpServer.Response.json(500, "{\"error\":\"internal error\"}"), false);
            return false;
        }
    }

    private String[] requestLine(int firstByte) throws IOException, Refusal {
        String line = (char) firstByte + line(MAX_HEAD_BYTES);
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new Refusal(400, "not an HTTP/1.1 request line");
        }
        return parts;
    }

    private Map<String, String> headers() throws IOException, Refusal {
        Map<String, String> headers = new HashMap<>();
        int budget = MAX_HEAD_BYTES;
        for (String line = line(budget); !line.isEmpty(); line = line(budget)) {
            budget -= line.length() + 2;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Refusal(400, "malformed header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String earlier = headers.putIfAbsent(name, value);
            if (earlier != null && name.equals("content-length") && !earlier.equals(value)) {
                throw new Refusal(400, "conflicting Content-Length headers");
            }
        }
        return headers;
    }

    /** One CRLF- (or LF-) ended line in ISO-8859-1, without its end; 431 past {@code max} bytes. */
    private String line(int max) throws IOException, Refusal {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-request");
            }
            if (line.length() >= max) {
                throw new Refusal(431, "request line or headers too large");
            }
            line.append((char) b);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static boolean keepAlive(String version, String connection) {
        if (connection != null && connection.equalsIgnoreCase("close")) {
            return false;
        }
        return version.equals("HTTP/1.1") || (connection != null && connection.equalsIgnoreCase("keep-alive"));
    }

    private static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private byte[] body(String method, Map<String, String> headers) throws IOException, Refusal {
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        String lengthHeader = headers.get("content-length");
        long length;
        try {
            length = chunked || lengthHeader == null ? 0 : Long.parseLong(lengthHeader);
        } catch (NumberFormatException e) {
            throw new Refusal(400, "Content-Length is not a number");
        }
        if (length < 0) {
            throw new Refusal(400, "Content-Length is negative");
        }
        if (length > limits.maxBodyBytes()) {
            // a client that asked to continue sends nothing more after a final answer
            remaining = "100-continue".equalsIgnoreCase(headers.get("expect")) ? 0 : length;
            throw new Refusal(413, "body over " + limits.maxBodyBytes() + " bytes");
        }
        if ((chunked || length > 0) && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        if (chunked) {
            return chunkedBody();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("connection closed mid-body");
        }
        return body;
    }

    private byte[] chunkedBody() throws IOException, Refusal {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            long size = chunkSize();
            if (size == 0) {
                for (String trailer = line(MAX_HEAD_BYTES); !trailer.isEmpty(); trailer = line(MAX_HEAD_BYTES)) {
                    // trailers carry nothing the collector uses
                }
                return body.toByteArray();
            }
            if (body.size() + size > limits.maxBodyBytes()) {
                remaining = -1;
                skipChunk(size);
                throw new Refusal(413, "body over " + limits.maxBodyBytes() + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new IOException("connection closed mid-chunk");
            }
            body.write(chunk);
            line(2);
        }
    }

    private long chunkSize() throws IOException, Refusal {
        String line = line(1024);
        int extension = line.indexOf(';');
        try {
            long size = Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new Refusal(400, "malformed chunk size");
        }
    }

    private void skipChunk(long size) throws IOException, Refusal {
        in.skipNBytes(size);
        line(2);
    }

    /** After a 413: reads what the client is still sending, until its end or the request's deadline. */
    private void discardRest() {
        try {
            if (remaining > 0) {
                in.skipNBytes(remaining);
            } else if (remaining < 0) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skipChunk(size);
                }
            }
        } catch (IOException | Refusal e) {
            // the deadline passed or the client gave up: the connection closes either way
        }
    }

    private void respond(String method, LoopbackHttpServer.Response response, boolean keepAlive) throws IOException {
        byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** The socket's stream, each read bounded by the per-byte wait and by the request's deadline. */
    private final class TimedInput extends InputStream {
        private final InputStream socketIn;

        TimedInput(InputStream socketIn) {
            this.socketIn = socketIn;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(limits.readMillis(), left)));
            return socketIn.read(b, off, len);
        }
    }
}
