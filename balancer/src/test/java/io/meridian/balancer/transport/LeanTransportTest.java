package io.meridian.balancer.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.net.NetServerOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LeanTransportTest {

  private static Map<ChannelOption<?>, Object> childOptions(NetServerOptions options) {
    Assumptions.assumeTrue(io.vertx.core.transport.Transport.EPOLL.available(), "epoll loads on Linux only");
    ServerBootstrap bootstrap = new ServerBootstrap();
    LeanTransport.wrap(io.vertx.core.transport.Transport.EPOLL.implementation())
        .configure(options, false, bootstrap);
    return bootstrap.config().childOptions();
  }

  @Test
  void optionsThatRestateTheDefaultsAreNotWrittenToEachSocket() {
    Map<ChannelOption<?>, Object> child = childOptions(new NetServerOptions().setTcpNoDelay(true));
    assertFalse(child.containsKey(ChannelOption.TCP_NODELAY), child.toString());
    assertFalse(child.containsKey(ChannelOption.SO_KEEPALIVE), child.toString());
    assertFalse(child.containsKey(EpollChannelOption.TCP_CORK), child.toString());
    assertFalse(child.containsKey(EpollChannelOption.TCP_QUICKACK), child.toString());
  }

  @Test
  void optionsThatChangeSomethingStillAre() {
    Map<ChannelOption<?>, Object> child = childOptions(new NetServerOptions()
        .setTcpNoDelay(false).setTcpKeepAlive(true).setTcpCork(true).setTcpQuickAck(true));
    assertEquals(false, child.get(ChannelOption.TCP_NODELAY));
    assertEquals(true, child.get(ChannelOption.SO_KEEPALIVE));
    assertEquals(true, child.get(EpollChannelOption.TCP_CORK));
    assertEquals(true, child.get(EpollChannelOption.TCP_QUICKACK));
  }

  @Test
  void aVertxOnItServesHttp() throws Exception {
    Vertx vertx = LeanTransport.vertx(new VertxOptions().setPreferNativeTransport(true));
    try {
      Assumptions.assumeTrue(vertx.isNativeTransportEnabled(), "epoll loads on Linux only");
      var server = vertx.createHttpServer().requestHandler(r -> r.response().end("lean"))
          .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      HttpClient client = vertx.createHttpClient();
      String body = client.request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(request -> request.send().compose(response -> response.body()))
          .await(10, TimeUnit.SECONDS).toString();
      assertEquals("lean", body);
      assertTrue(vertx.isNativeTransportEnabled());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
