package io.mcpauthz.pdp.policy.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A bundle server that writes its answer byte for byte, for what a well-behaved server never
 * sends: header values with control characters, a body that stops coming. Every request gets
 * {@code head} (status line and headers), then {@code body}; with {@code stall} the connection
 * then stays open without another byte until {@link #close}.
 */
final class RawBundleServer implements AutoCloseable {

  private final ServerSocket socket;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final String head;
  private final byte[] body;
  private final boolean stall;

  RawBundleServer(String head, byte[] body, boolean stall) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.head = head;
    this.body = body;
    this.stall = stall;
    Thread thread = new Thread(this::serve, "raw-bundle-server");
    thread.setDaemon(true);
    thread.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/bundle.tar.gz");
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        readRequestHead(client.getInputStream());
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        if (stall) {
          closed.await();
        }
      } catch (IOException e) {
        // closed by the test, or the client gave up: serve the next one
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    socket.close();
  }
}
