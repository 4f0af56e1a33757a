package org.recoverylink.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line {@code recoverylink-server [options]} and {@code recoverylink-server token
 * [options]}: one table of options ({@link #OPTIONS}), read with picocli for usage text, the
 * version and the syntax, and from three places, the first that gives an option winning:
 *
 * <ol>
 *   <li>the command line ({@code --port 9000});
 *   <li>the environment: {@code RECOVERYLINK_} and the option's name in capitals, dashes as
 *       underscores ({@code RECOVERYLINK_PORT=9000});
 *   <li>a configuration file named by {@code --config} or {@code RECOVERYLINK_CONFIG}: Java
 *       properties whose keys are the options' names without dashes ({@code port = 9000});
 * </ol>
 *
 * <p>then the built-in defaults. A problem names where its value came from, so a deployer
 * whose server refuses to start knows which of the three to mend; every problem is named at
 * once.
 */
public final class ServerCommand {

  /** Names the configuration file, as {@code --config} does. */
  public static final String CONFIG_VARIABLE = "RECOVERYLINK_CONFIG";
  private static final String PREFIX = "RECOVERYLINK_";
  private static final String NAME = "recoverylink-server";
  /** Read once: --version, the CapabilityStatement and every BaRS message give it. */
  private static final String VERSION = readVersion();

  /**
   * An option of the server: its names (the first is its key), value label and description. A
   * repeatable one is given again for each value on the command line, and as values separated
   * by spaces in the environment or the file.
   */
  record Option(String name, String label, String description, boolean repeatable,
      String... aliases) {

    Option(String name, String label, String description, String... aliases) {
      this(name, label, description, false, aliases);
    }
  }

  /** Every option of the server, in the order --help lists them. */
  static final List<Option> OPTIONS = List.of(
      new Option("--config", "FILE", "A configuration file: Java properties whose keys are"
          + " these options' names without the dashes (port = 9000). Also from "
          + CONFIG_VARIABLE + "."),
      new Option("--port", "PORT", "TCP port to listen on; 0: any free port. Default 8080."),
      new Option("--bind", "ADDRESS", "Address to listen on. Default 127.0.0.1: nothing is"
          + " reachable from elsewhere unless asked (and only with --jwks)."),
      new Option("--public-base-url", "URL", "The FHIR API's address as callers reach it,"
          + " e.g. https://recoverylink.example/fhir: tokens must name it in aud, links and"
          + " messages to providers give it. Default http://BIND:PORT/fhir.", "--base-url"),
      new Option("--trusted-proxy", "ADDRESS[/BITS],...", "Reverse proxies whose Forwarded and"
          + " X-Forwarded-* headers are believed (the client's address, scheme and host),"
          + " e.g. 10.0.0.0/8. Default none: those headers are ignored."),
      new Option("--data", "DIR", "Folder of the embedded database, the development key and"
          + " the client-code key. Default ./recoverylink-data."),
      new Option("--db", "JDBC-URL", "A database (e.g. jdbc:postgresql://host/recoverylink)"
          + " instead of the embedded one; login from RECOVERYLINK_DB_USER and"
          + " RECOVERYLINK_DB_PASSWORD."),
      new Option("--jwks", "FILE", "Trusted token signing keys (a JWK set) instead of the"
          + " development key; needs --issuer."),
      new Option("--issuer", "URL", "The issuer whose tokens --jwks verifies."),
      new Option("--trust", "ISSUER=KEYS", "One more trusted issuer and its signing keys: a JWK"
          + " set URL (https; http on loopback only), fetched, cached and refetched when a token"
          + " names a key it lacks, or a file. Repeatable.", true),
      new Option("--delivery-credentials", "FILE", "How deliveries authenticate to each"
          + " provider's Endpoint (a token got with a signed assertion, or a client"
          + " certificate)."),
      new Option("--directory", "FILE", "The service directory, a FHIR Bundle. Default: the"
          + " embedded Essex directory."),
      new Option("--code-lists", "DIR", "Code lists (*.csv) saying which recorded diagnoses"
          + " mean which condition, replacing the shipped ones."),
      new Option("--staff-sign-in", "FILE", "OpenID Connect settings for staff sign-in to the"
          + " provider inbox (a properties file; the client secret in"
          + " RECOVERYLINK_STAFF_CLIENT_SECRET). Without it the inbox is off."),
      new Option("--organisations", "FILE", "Which district each reporting organisation is in"
          + " (ODS,district lines), for reports by district."),
      new Option("--report-rounding", "N", "Reports round the counts they show to a multiple"
          + " of N; 1 shows them exact. Default 5."),
      new Option("--threads", "N", "Requests served at once, each on a thread. Default four per"
          + " processor, at least 8."),
      new Option("--timeout", "SECONDS", "How long a connection may stay silent. Default 30."),
      new Option("--max-connections", "N", "The most connections held open at once; more"
          + " wait to be accepted. Default 1000."),
      new Option("--queue-wait", "SECONDS", "How long a request may wait while --threads"
          + " others are served, before it is answered 503 with Retry-After. Default 2."),
      new Option("--body-rate", "BYTES", "Bytes a second a request body must average after"
          + " its first 5 s; 0: any rate. Default 2048."),
      new Option("--body-deadline", "SECONDS", "A request body must be whole this long after"
          + " the request's headers. Default 600."),
      new Option("--log-format", "text|json", "Log lines as text, or as JSON objects (one a"
          + " line) for a log collector; either way with the request's correlation id. Default"
          + " text."),
      new Option("--ready-outbox-age", "SECONDS", "/health/ready answers 503 while a delivery"
          + " has been due this long without being sent. Default 600."),
      new Option("--delivery", "on|off", "off: take referrals in but leave sending them to"
          + " other processes on the same database. Default on."),
      new Option("--delivery-max-age", "SECONDS", "How long a referral's delivery is retried"
          + " before its Task shows failed. Default 86400."),
      new Option("--first-retry-ms", "MS", "The wait before a delivery's first retry,"
          + " doubling each time up to five minutes. Default 2000."),
      new Option("--delivery-timeout", "SECONDS", "How long one delivery attempt waits for the"
          + " provider. Default 30."),
      new Option("--delivery-lease", "SECONDS", "How long a delivery this process took is kept"
          + " from other processes; longer than --delivery-timeout. Default twice it."),
      new Option("--delivery-batch", "N", "The most deliveries in flight at once. Default 64."),
      new Option("--delivery-per-provider", "N", "The most deliveries in flight at once to one"
          + " provider. Default 8."),
      new Option("--page-rate", "N", "The most requests a minute one client may make to the"
          + " public pages before a 'try again later' page (429). Default 120."),
      new Option("--journeys", "N", "The most journeys through the public pages kept at once;"
          + " beyond it a new visitor gets a 'busy' page (503). Default 50000."));

  /** What a command line asks for. */
  public sealed interface Invocation {
  }

  /** Serve with these options. */
  public record Serve(ServerOptions options) implements Invocation {
  }

  /** Print a development token ({@code token --role R --scope S --org ODS ...}). */
  public record Token(Optional<String> role, Optional<String> scope, String org, Path data,
      long ttlSeconds, String audience) implements Invocation {
  }

  /** Print this ({@code --help}, {@code --version}) and stop. */
  public record Print(String text) implements Invocation {
  }

  private ServerCommand() {
  }

  /**
   * What a command line asks for, its options completed from the environment and the
   * configuration file.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public static Invocation read(List<String> args, Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(spec());
    ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
    List<String> problems = new ArrayList<>();
    for (Exception error : parsed.errors()) {
      problems.add(error instanceof CommandLine.MissingParameterException missing
          ? missing.getMissing().stream().map(ServerCommand::named)
              .collect(java.util.stream.Collectors.joining(", ")) + " needs a value"
          : error.getMessage());
    }
    if (parsed.hasSubcommand()) {
      ParseResult token = parsed.subcommand();
      if (token.isUsageHelpRequested()) {
        return new Print(token.commandSpec().commandLine().getUsageMessage());
      }
      return token(token, problems);
    }
    if (parsed.isUsageHelpRequested()) {
      return new Print(commandLine.getUsageMessage());
    }
    if (parsed.isVersionHelpRequested()) {
      return new Print(NAME + " " + version());
    }
    List<ServerOptions.Given> given = given(parsed, environment, problems);
    return new Serve(ServerOptions.of(given, problems));
  }

  /** The server's version, as its build wrote it. */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = ServerCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }

  /**
   * The value of each option given anywhere, with where it came from: the command line, else
   * the environment, else the file. An option given with no value, an unknown option and an
   * unknown key in the file are problems.
   */
  private static List<ServerOptions.Given> given(ParseResult parsed,
      Map<String, String> environment, List<String> problems) {
    for (int i = 0; i < parsed.unmatched().size(); i++) {
      String argument = parsed.unmatched().get(i);
      if (argument.startsWith("-")) {
        problems.add("unknown option " + argument);
        // its value, if it has one, goes with it
        if (i + 1 < parsed.unmatched().size() && !parsed.unmatched().get(i + 1).startsWith("-")) {
          i++;
        }
      } else {
        problems.add("unexpected argument " + argument + " (options are --name value)");
      }
    }
    Optional<Config> config = config(parsed, environment, problems);
    List<ServerOptions.Given> given = new ArrayList<>();
    for (Option option : OPTIONS) {
      if (option.name().equals("--config")) {
        continue;
      }
      OptionSpec spec = parsed.commandSpec().findOption(option.name());
      List<String> flags = option.repeatable()
          ? Optional.ofNullable(spec.<List<String>>getValue()).orElse(List.of())
          : Optional.ofNullable(spec.<String>getValue()).map(List::of).orElse(List.of());
      String variable = PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
      String inFile = config.map(c -> c.values().get(key(option))).orElse(null);
      List<String> values;
      String where;
      if (!flags.isEmpty()) {
        values = flags;
        where = typed(option, parsed.originalArgs());
      } else if (environment.get(variable) != null) {
        values = values(option, environment.get(variable));
        where = variable;
      } else if (inFile != null) {
        values = values(option, inFile);
        where = key(option) + " in " + config.get().file();
      } else {
        continue;
      }
      values.forEach(value -> given.add(new ServerOptions.Given(option.name(), value, where)));
    }
    return given;
  }

  /** An environment's or a file's value: a repeatable option's values are separated by spaces. */
  private static List<String> values(Option option, String value) {
    return option.repeatable() ? List.of(value.strip().split("\\s+")) : List.of(value);
  }

  /** The name the command line gave an option by ({@code --base-url} for the old name). */
  private static String typed(Option option, List<String> args) {
    for (String alias : option.aliases()) {
      if (args.stream().anyMatch(arg -> arg.equals(alias) || arg.startsWith(alias + "="))) {
        return alias;
      }
    }
    return option.name();
  }

  /** A configuration file's values by key. */
  private record Config(Path file, Map<String, String> values) {
  }

  /** The configuration file that --config or the environment names, if any. */
  private static Optional<Config> config(ParseResult parsed, Map<String, String> environment,
      List<String> problems) {
    String flag = parsed.commandSpec().findOption("--config").getValue();
    String named = flag != null ? flag : environment.get(CONFIG_VARIABLE);
    if (named == null || named.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(named);
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      problems.add("the configuration file " + file + " does not exist");
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      problems.add("cannot read the configuration file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    Set<String> known = new TreeSet<>();
    OPTIONS.forEach(option -> known.add(key(option)));
    known.remove("config");
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (known.contains(key)) {
        values.put(key, properties.getProperty(key).strip());
      } else {
        problems.add("unknown setting " + key + " in " + file);
      }
    }
    return Optional.of(new Config(file, values));
  }

  /** An option's key in the file and, in capitals, in the environment: its name sans dashes. */
  private static String key(Option option) {
    return option.name().substring(2);
  }

  private static Token token(ParseResult token, List<String> problems) {
    String role = value(token, "--role");
    String scope = value(token, "--scope");
    String org = value(token, "--org");
    String data = Optional.ofNullable(value(token, "--data"))
        .orElse(ServerOptions.DEFAULT_DATA.toString());
    String audience = Optional.ofNullable(value(token, "--base-url"))
        .orElse(ServerOptions.DEFAULT_PUBLIC_BASE);
    String ttl = Optional.ofNullable(value(token, "--ttl")).orElse("3600");
    if (role == null && scope == null || org == null || org.isBlank()) {
      problems.add("token needs --role or --scope (or both), and --org");
    }
    long seconds = 0;
    try {
      seconds = Long.parseLong(ttl);
    } catch (NumberFormatException e) {
      // said below
    }
    if (seconds <= 0) {
      problems.add("--ttl must be a positive number of seconds");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new Token(Optional.ofNullable(role), Optional.ofNullable(scope), org, Path.of(data),
        seconds, audience);
  }

  private static String value(ParseResult token, String name) {
    return token.commandSpec().findOption(name).getValue();
  }

  /** An option by the name --help shows first (the longest). */
  private static String named(CommandLine.Model.ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }

  /** The picocli model: every option a string, checked by {@link ServerOptions}. */
  private static CommandSpec spec() {
    CommandSpec serve = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true)
        .version(NAME + " " + version());
    serve.usageMessage()
        .description("The RecoveryLink FHIR endpoint: screening, routing and referral"
            + " delivery for drug and alcohol treatment services.")
        .footerHeading("%nSettings%n")
        .footer("Each option may also come from the environment, as RECOVERYLINK_ and its name"
            + " in capitals with underscores (RECOVERYLINK_PUBLIC_BASE_URL), or from the"
            + " configuration file (public-base-url = ...). The command line wins over the"
            + " environment, which wins over the file.",
            "Print a development token: " + NAME + " token --help");
    for (Option option : OPTIONS) {
      serve.addOption(option.repeatable()
          ? OptionSpec.builder(option.name()).paramLabel(option.label())
              .description(option.description()).type(List.class)
              .auxiliaryTypes(String.class).build()
          : option(option.name(), option.label(), option.description(), option.aliases()));
    }
    serve.usageMessage().sortOptions(false).width(100).abbreviateSynopsis(true);
    // Every problem at once: picocli carries on past a missing value, and we past the rest.
    serve.parser().collectErrors(true).unmatchedArgumentsAllowed(true);
    CommandSpec token = CommandSpec.create().name("token").mixinStandardHelpOptions(true);
    token.usageMessage().sortOptions(false).width(100);
    token.parser().collectErrors(true);
    token.usageMessage().description("Prints a bearer token signed with the development key"
        + " in --data, for a server that trusts it (one started without --jwks).");
    token.addOption(option("--role", "ROLE", "gp, pharmacy, provider or commissioner."));
    token.addOption(option("--scope", "SCOPES", "SMART system scopes, space-separated (e.g."
        + " \"system/Task.rs system/Task.u\"), with the role or instead of it."));
    token.addOption(option("--org", "ODS", "The caller's organisation (ODS code)."));
    token.addOption(option("--data", "DIR", "The server's data folder, where the development"
        + " key is. Default ./recoverylink-data."));
    token.addOption(option("--base-url", "URL", "The server's public base URL, named in the"
        + " token's audience. Default " + ServerOptions.DEFAULT_PUBLIC_BASE + "."));
    token.addOption(option("--ttl", "SECONDS", "How long the token is good for. Default 3600."));
    serve.addSubcommand("token", token);
    return serve;
  }

  private static OptionSpec option(String name, String label, String description,
      String... aliases) {
    String[] names = new String[aliases.length + 1];
    names[0] = name;
    System.arraycopy(aliases, 0, names, 1, aliases.length);
    return OptionSpec.builder(names).paramLabel(label).description(description)
        .type(String.class).build();
  }
}
