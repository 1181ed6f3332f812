package io.meridian.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What the API commands share: where the admin API is and the token to use, as picocli options
 * (mixed into {@code apply}, {@code get}, {@code rollback}), and one request method.
 */
final class ApiClient {

  @Option(names = "--server", paramLabel = "URL",
      description = "the admin API; default $MERIDIAN_SERVER, else http://127.0.0.1:8053")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "bearer token; default $MERIDIAN_TOKEN")
  String token;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  String base() {
    String s = server != null ? server : System.getenv().getOrDefault("MERIDIAN_SERVER",
        "http://127.0.0.1:8053");
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    String bearer = token != null ? token : System.getenv("MERIDIAN_TOKEN");
    if (bearer == null || bearer.isBlank()) {
      throw new IllegalArgumentException("no token: pass --token or set MERIDIAN_TOKEN");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + bearer)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Prints a non-2xx reply (a problem document) and returns the exit code for it. */
  static int failed(HttpResponse<String> reply) {
    System.err.println("meridian: " + reply.request().method() + " " + reply.uri() + ": HTTP "
        + reply.statusCode());
    System.err.println(reply.body());
    return reply.statusCode() == 422 ? Meridian.INVALID_CONFIG : 1;
  }
}
