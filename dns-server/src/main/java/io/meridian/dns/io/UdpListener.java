package io.meridian.dns.io;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * UDP on one concrete address: several channels bound to the same address and port with
 * SO_REUSEPORT, each served by its own {@link UdpWorker} thread named {@code
 * dns-udp-<address>-<i>}.
 *
 * <p>SO_REUSEPORT makes the kernel spread incoming queries over the channels (by hashing the client
 * address), so that all cores answer UDP without any hand-off between threads. Where the platform
 * lacks SO_REUSEPORT, the threads share one channel instead, which still answers in parallel but
 * receives one packet at a time.
 */
final class UdpListener implements AutoCloseable {

  private static final Logger LOG = System.getLogger(UdpListener.class.getName());

  /** Room for bursts while the threads are busy; the kernel caps it at net.core.rmem_max. */
  private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  private static final long JOIN_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);

  private final InetSocketAddress address;
  private final List<DatagramChannel> channels;
  private final List<Thread> threads;

  private UdpListener(
      InetSocketAddress address, List<DatagramChannel> channels, List<Thread> threads) {
    this.address = address;
    this.channels = channels;
    this.threads = threads;
  }

  /**
   * Binds {@code threads} channels to {@code address} and starts serving them.
   *
   * @param address a concrete (not wildcard) address; port 0 picks a free port
   * @throws IOException naming the address, when a channel cannot be bound; nothing stays open
   */
  static UdpListener open(InetSocketAddress address, int threads, QueryHandler handler)
      throws IOException {
    List<DatagramChannel> channels = new ArrayList<>(threads);
    InetSocketAddress bound;
    try {
      DatagramChannel first = bind(address.getPort() == 0 ? withFreePort(address) : address);
      channels.add(first);
      bound = (InetSocketAddress) first.getLocalAddress();
      if (first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
        while (channels.size() < threads) {
          channels.add(bind(bound));
        }
      } else {
        LOG.log(Level.INFO, "SO_REUSEPORT unsupported: {0} UDP threads share one socket", threads);
      }
    } catch (IOException | RuntimeException e) {
      channels.forEach(UdpListener::closeQuietly);
      throw new IOException(
          "cannot bind UDP " + SocketAddresses.format(address) + ": " + e.getMessage(), e);
    }

    LogThrottle handlerErrors = new LogThrottle(LOG, Level.WARNING);
    LogThrottle ioErrors = new LogThrottle(LOG, Level.WARNING);
    String name = "dns-udp-" + SocketAddresses.format(bound) + "-";
    List<Thread> started = new ArrayList<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        DatagramChannel channel = channels.get(i % channels.size());
        Thread thread =
            new Thread(new UdpWorker(channel, bound, handler, handlerErrors, ioErrors), name + i);
        thread.setUncaughtExceptionHandler(
            (t, e) -> LOG.log(Level.ERROR, "UDP thread " + t.getName() + " died", e));
        thread.start();
        started.add(thread);
      }
    } catch (RuntimeException | Error e) { // typically "unable to create native thread"
      stop(channels, started);
      throw e;
    }
    return new UdpListener(bound, List.copyOf(channels), List.copyOf(started));
  }

  /**
   * {@code address} with a port that no socket uses at the moment. Linux hands a socket that has
   * SO_REUSEPORT set an ephemeral port that another SO_REUSEPORT socket of the same user already
   * holds, which would silently split that socket's traffic with ours; a socket without the option
   * only gets a free port. The port could be taken again before it is bound; the caller then fails
   * and {@link EndpointBinder} tries another.
   */
  private static InetSocketAddress withFreePort(InetSocketAddress address) throws IOException {
    try (DatagramChannel probe = DatagramChannel.open(family(address))) {
      probe.bind(address);
      return (InetSocketAddress) probe.getLocalAddress();
    }
  }

  private static ProtocolFamily family(InetSocketAddress address) {
    return address.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  private static DatagramChannel bind(InetSocketAddress address) throws IOException {
    DatagramChannel channel = DatagramChannel.open(family(address));
    try {
      if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      try {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.log(Level.DEBUG, "cannot enlarge the UDP receive buffer: {0}", e.toString());
      }
      channel.bind(address);
      return channel;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The bound address, with the actual port when port 0 was asked for. */
  InetSocketAddress localAddress() {
    return address;
  }

  /** Closes the channels, which ends the threads, and waits for them to finish. */
  @Override
  public void close() {
    stop(channels, threads);
  }

  private static void stop(List<DatagramChannel> channels, List<Thread> threads) {
    channels.forEach(UdpListener::closeQuietly);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MILLIS);
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        thread.join(Math.max(1, remainingMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        LOG.log(
            Level.WARNING, "{0} did not stop; is the query handler blocking?", thread.getName());
      }
    }
  }

  private static void closeQuietly(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing a UDP channel failed", e);
    }
  }
}
