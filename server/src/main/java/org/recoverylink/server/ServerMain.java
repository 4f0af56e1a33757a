package org.recoverylink.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerCommand;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.http.Logging;
import org.recoverylink.server.observe.Logs;
import org.recoverylink.server.store.DataDirectoryLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar recoverylink-server.jar [options]} serves the FHIR endpoint;
 * {@code java -jar recoverylink-server.jar token --role ROLE --org ODS} prints a development
 * bearer token; {@code --help} says every option ({@link ServerCommand}). Exit status 2 for a
 * command line, environment or configuration file it cannot use (every problem named), 1 when it
 * cannot start.
 */
public final class ServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
  /** The audience of a development token unless told: a server with default options. */
  static final String DEFAULT_BASE_URL = ServerOptions.DEFAULT_PUBLIC_BASE;

  private ServerMain() {
  }

  public static void main(String[] args) throws Exception {
    try {
      ServerCommand.Invocation invocation = ServerCommand.read(Arrays.asList(args),
          System.getenv());
      if (invocation instanceof ServerCommand.Print print) {
        System.out.println(print.text());
      } else if (invocation instanceof ServerCommand.Token token) {
        System.out.println(token(token));
      } else if (invocation instanceof ServerCommand.Serve serve) {
        serve(serve.options());
      }
    } catch (IllegalArgumentException e) {
      System.err.println("recoverylink-server: " + e.getMessage());
      System.exit(2);
    } catch (DataDirectoryLock.InUse e) {
      System.err.println("recoverylink-server: cannot start: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) { // a directory or key file that cannot be read, a port in use
      System.err.println("recoverylink-server: cannot start: " + e);
      System.exit(1);
    }
  }

  private static void serve(ServerOptions options) throws Exception {
    Logs.use(options.logFormat()); // before anything is logged
    Logging.bridge();
    // The options, and the secrets a deployment keeps out of them (in the environment).
    ServerSettings settings = ServerSettings.builder(options).environment(System.getenv())
        .build();
    RecoveryLinkServer server = RecoveryLinkServer.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "recoverylink-stop"));
    LOG.info("RecoveryLink FHIR endpoint ready at {} (trusting issuer {})", server.base(),
        server.issuer());
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

  /** The token the {@code token} sub-command prints for these of its options. */
  static String token(List<String> options) {
    List<String> command = new ArrayList<>(List.of("token"));
    command.addAll(options);
    return token((ServerCommand.Token) ServerCommand.read(command, Map.of()));
  }

  /** The {@code token} sub-command's token. */
  static String token(ServerCommand.Token token) {
    Optional<Role> role = token.role().map(claim -> Role.fromClaim(claim).orElseThrow(() ->
        new IllegalArgumentException("--role must be gp, pharmacy, provider or commissioner")));
    return DevelopmentIssuer.in(token.data()).token(role, token.scope(), token.org(),
        Duration.ofSeconds(token.ttlSeconds()), token.audience());
  }
}
