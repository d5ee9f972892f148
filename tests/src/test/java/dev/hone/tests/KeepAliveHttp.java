package dev.hone.tests;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to a Hone process on loopback: a prepared request out, the
 * status and body (by length or chunks) in. Cheap enough that load tests and benchmarks spend the
 * machine's CPU on the server, not on the client.
 */
final class KeepAliveHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** The body of the last answer {@link #send} read. */
    private byte[] lastBody = new byte[0];

    /** A POST of a JSON body with HTTP Basic credentials, as the bytes {@link #send} writes. */
    static byte[] post(int port, String path, String user, String password, String body) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic " + auth
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + json.length);
        System.arraycopy(json, 0, all, h.length, json.length);
        return all;
    }

    /** The last answer's body as text. */
    String body() {
        return new String(lastBody, StandardCharsets.UTF_8);
    }

    /** Writes a request and reads its answer; returns the status. */
    int send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                all.write(in.readNBytes(size));
                line();
            }
            line();
            lastBody = all.toByteArray();
        } else {
            lastBody = in.readNBytes(length);
        }
        return code;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
