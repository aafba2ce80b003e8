package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.SyntheticRun;
import dev.arbor.app.status.StatusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusCommandTest {
  @TempDir Path tmp;

  private static CliHarness.Result run(Consumer<StatusServer> whileServing, String... args) {
    Consumer<CommandLine> setup =
        cli ->
            ((StatusCommand) cli.getSubcommands().get("status").getCommand()).whileServing =
                whileServing;
    return CliHarness.run(Map.of(), setup, args);
  }

  @Test
  void servesTheRunFolderAndPrintsTheUrl() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder folder = RunFolder.create(dir, SyntheticRun.CONFIG)) {
      SyntheticRun.fill(folder);
    }
    List<String> bodies = new ArrayList<>();
    List<URI> uris = new ArrayList<>();
    CliHarness.Result r =
        run(
            server -> {
              uris.add(server.uri());
              try {
                bodies.add(
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(server.uri().resolve("/api/actors")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "status",
            "--run",
            dir.toString(),
            "--ui-port",
            "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("status of " + dir + " at " + uris.get(0));
    assertThat(uris.get(0).toString()).startsWith("http://127.0.0.1:");
    assertThat(bodies.get(0)).contains("\"name\":\"policy-0\"");
  }

  @Test
  void aPortInUseIsAClearError() {
    try (StatusServer taken = StatusServer.start(new dev.arbor.app.status.LiveRunStatus(1), 0)) {
      CliHarness.Result r =
          run(
              s -> {},
              "status",
              "--run",
              tmp.toString(),
              "--ui-port",
              String.valueOf(taken.port()));
      assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
      assertThat(r.err()).contains("port is in use");
    }
  }

  @Test
  void aMissingRunFolderIsAUsageError() {
    CliHarness.Result r = run(s -> {}, "status", "--run", tmp.resolve("none").toString());
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("does not exist");
  }
}
