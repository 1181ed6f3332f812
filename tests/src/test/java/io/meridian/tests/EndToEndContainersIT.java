package io.meridian.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The end-to-end scenario's container variant, for machines with a Docker engine: the whole
 * system of the embedded default (DNS, admin API, an agent, three regions each a balancer in front
 * of two demo backends) in one container from the built jar, reached from the host over TCP DNS
 * and HTTP; clients of three continents get their region, and a fail drill of eu-west moves the
 * European client to us-east and back. Where no Docker engine exists, JUnit reports it skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndContainersIT {

  static final String TOKEN = "containers";

  @Container
  static final GenericContainer<?> MERIDIAN =
      new GenericContainer<>("eclipse-temurin:17-jre")
          .withCopyFileToContainer(MountableFile.forHostPath(MeridianProcess.jar()), "/meridian.jar")
          .withCopyFileToContainer(MountableFile.forHostPath(reachableDefault()), "/meridian.yaml")
          .withEnv("MERIDIAN_ADMIN_TOKEN", TOKEN)
          .withWorkingDirectory("/tmp")
          .withCommand("java", "-Xmx512m", "-jar", "/meridian.jar", "up", "--config", "/meridian.yaml")
          .withExposedPorts(5353, 8053)
          .waitingFor(Wait.forLogMessage(".*listening on udp\\+tcp.*", 1)
              .withStartupTimeout(Duration.ofMinutes(3)));

  /** The embedded default, with DNS and the admin API on every interface of the container. */
  static Path reachableDefault() {
    try {
      Path config = Path.of(System.getProperty("meridian.config", "../config"), "meridian.yaml");
      Path out = Files.createTempFile("meridian-container", ".yaml");
      Files.writeString(out, Files.readString(config)
          .replace("listen: 127.0.0.1:5353", "listen: 0.0.0.0:5353")
          .replace("listen: 127.0.0.1:8053", "listen: 0.0.0.0:8053"));
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void clientsGetTheirRegionAndAFailDrillMovesEurope() throws Exception {
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> app("81.2.69.0").equals(List.of("127.0.0.11")));
    assertEquals(List.of("127.0.0.12"), app("8.8.8.0"));
    assertEquals(List.of("127.0.0.13"), app("1.0.16.0"));

    String api = "http://" + MERIDIAN.getHost() + ":" + MERIDIAN.getMappedPort(8053);
    HttpResponse<String> started = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(api + "/v1/drills"))
            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"region\":\"eu-west\",\"mode\":\"fail\",\"duration\":\"5s\",\"reason\":\"containers\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, started.statusCode(), started.body());
    await().atMost(Duration.ofSeconds(30)).until(() -> app("81.2.69.0").equals(List.of("127.0.0.12")));
    await().atMost(Duration.ofSeconds(60)).until(() -> app("81.2.69.0").equals(List.of("127.0.0.11")));
  }

  /** app.example.test over TCP (the container's UDP is not mapped) for a client in a /24. */
  static List<String> app(String client) throws Exception {
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(MERIDIAN.getHost(), MERIDIAN.getMappedPort(5353)));
    resolver.setTCP(true);
    resolver.setTimeout(Duration.ofSeconds(3));
    Message query = Message.newQuery(
        Record.newRecord(Name.fromString("app.example.test."), Type.A, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, 0,
        List.of(new ClientSubnetOption(24, InetAddress.getByName(client)))), Section.ADDITIONAL);
    return resolver.send(query).getSection(Section.ANSWER).stream()
        .map(Record::rdataToString).sorted().toList();
  }
}
