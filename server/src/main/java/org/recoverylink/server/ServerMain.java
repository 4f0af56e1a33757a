package org.recoverylink.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.http.Logging;
import org.recoverylink.server.observe.Logs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar recoverylink-server.jar [options]} serves the FHIR endpoint;
 * {@code java -jar recoverylink-server.jar token --role ROLE --org ODS [--data DIR] [--ttl S]
 * [--base-url URL]} prints a development bearer token (docs/http-api.md "Running") for the server
 * at {@code --base-url} (default {@code http://127.0.0.1:8080/fhir}, where a server with default
 * options listens).
 */
public final class ServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
  static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080/fhir";

  private ServerMain() {
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    try {
      if (!arguments.isEmpty() && arguments.get(0).equals("token")) {
        System.out.println(token(arguments.subList(1, arguments.size())));
        return;
      }
      // The command line, and the secrets a deployment keeps out of it (in the environment).
      ServerSettings settings = ServerSettings.builder(ServerOptions.parse(arguments))
          .environment(System.getenv()).build();
      Logs.use(settings.options().logFormat()); // before anything is logged
      Logging.bridge();
      RecoveryLinkServer server = RecoveryLinkServer.start(settings);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "recoverylink-stop"));
      LOG.info("RecoveryLink FHIR endpoint ready at {} (trusting issuer {})", server.base(),
          server.issuer());
    } catch (IllegalArgumentException e) {
      System.err.println("recoverylink-server: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) { // a directory or key file that cannot be read, a port in use
      System.err.println("recoverylink-server: cannot start: " + e);
      System.exit(1);
    }
  }

  /** On SIGTERM: finish the requests in flight, write the last audit rows, close the store. */
  private static void stop(RecoveryLinkServer server) {
    try {
      server.close();
      LOG.info("RecoveryLink FHIR endpoint stopped");
    } catch (Exception e) {
      LOG.warn("RecoveryLink FHIR endpoint stopped with {}", e.getClass().getName());
    }
  }

  /** The {@code token} sub-command. */
  static String token(List<String> args) {
    Role role = null;
    String org = null;
    Path data = Path.of("recoverylink-data");
    long ttl = 3600;
    String audience = DEFAULT_BASE_URL;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      String value = args.get(i + 1);
      switch (args.get(i)) {
        case "--role" -> role = Role.fromClaim(value).orElseThrow(() ->
            new IllegalArgumentException("--role must be gp, pharmacy, provider or commissioner"));
        case "--org" -> org = value;
        case "--data" -> data = Path.of(value);
        case "--base-url" -> audience = value;
        case "--ttl" -> {
          try {
            ttl = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ttl must be a number of seconds");
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args.get(i));
      }
    }
    if (args.size() % 2 != 0) {
      throw new IllegalArgumentException(args.get(args.size() - 1) + " needs a value");
    }
    if (role == null || org == null || org.isBlank()) {
      throw new IllegalArgumentException("token needs --role and --org");
    }
    if (ttl <= 0) {
      throw new IllegalArgumentException("--ttl must be positive");
    }
    return DevelopmentIssuer.in(data).token(role, org, Duration.ofSeconds(ttl), audience);
  }
}
