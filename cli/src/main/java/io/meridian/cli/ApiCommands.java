package io.meridian.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The declarative client of the admin API: {@code apply}, {@code get}, {@code rollback}. */
final class ApiCommands {

  private ApiCommands() {}

  @Command(name = "apply", description = "Show the diff of a file against the running version, then apply it as one version.")
  static final class Apply implements Callable<Integer> {
    @Mixin ApiClient api;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
        description = "the whole shared configuration (zones, pools, policies, ...)")
    Path file;

    @Option(names = "--dry-run", description = "validate, show the diff and which answers move; change nothing")
    boolean dryRun;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "why, kept with the version")
    String message;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> running = api.send("GET", "/v1/config", null);
      if (running.statusCode() != 200) {
        return ApiClient.failed(running);
      }
      String etag = running.headers().firstValue("ETag").orElse("*");
      String wanted = Files.readString(file, StandardCharsets.UTF_8);
      List<String> before = running.body().lines().toList();
      List<String> after = wanted.lines().toList();
      List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("running " + etag, file.toString(),
          before, DiffUtils.diff(before, after), 3);
      if (diff.isEmpty()) {
        System.out.println("meridian: " + file + " is the running version " + etag + "; nothing to apply");
        return 0;
      }
      diff.forEach(System.out::println);
      String query = "?dryRun=" + dryRun
          + (message == null ? "" : "&message=" + java.net.URLEncoder.encode(message, StandardCharsets.UTF_8));
      HttpResponse<String> reply = api.send("PUT", "/v1/config" + query, wanted, "If-Match", etag,
          "Content-Type", "application/yaml");
      if (reply.statusCode() != 200) {
        return ApiClient.failed(reply);
      }
      System.out.println(reply.body());
      return 0;
    }
  }

  @Command(name = "get", description = "Print the running configuration (or an earlier version).")
  static final class Get implements Callable<Integer> {
    @Mixin ApiClient api;

    @Option(names = "--version", paramLabel = "N", description = "an earlier version")
    Long version;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> reply =
          api.send("GET", version == null ? "/v1/config" : "/v1/config/versions/" + version, null);
      if (reply.statusCode() != 200) {
        return ApiClient.failed(reply);
      }
      System.err.println("# version " + reply.headers().firstValue("ETag").orElse("?"));
      System.out.print(reply.body());
      return 0;
    }
  }

  @Command(name = "rollback", description = "Restore an earlier version (as a new version).")
  static final class Rollback implements Callable<Integer> {
    @Mixin ApiClient api;

    @Parameters(paramLabel = "VERSION", description = "the version to restore")
    long version;

    @Option(names = "--dry-run", description = "show which answers would move; change nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> reply = api.send("POST",
          "/v1/config/versions/" + version + "/restore?dryRun=" + dryRun, null);
      if (reply.statusCode() != 200) {
        return ApiClient.failed(reply);
      }
      System.out.println(reply.body());
      return 0;
    }
  }
}
