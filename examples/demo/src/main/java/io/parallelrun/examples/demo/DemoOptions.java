package io.parallelrun.examples.demo;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The demo's command line. */
record DemoOptions(
    int legacyPort, int candidatePort, String secret, boolean secretGiven, int requests, boolean exitAfter,
    boolean traffic, boolean help) {

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar examples/demo/target/parallel-run-demo.jar [options]",
      "",
      "Starts returns-legacy (the monolith) and returns-service (the candidate) in one JVM, sends",
      "traffic to the monolith, and prints per operation how often the candidate agreed.",
      "",
      "  --legacy-port N      port of returns-legacy (default 8080; 0 picks a free one)",
      "  --candidate-port N   port of returns-service (default 8081; 0 picks a free one)",
      "  --secret S           secret shared by both sides, 16+ characters (default: a random one, printed)",
      "  --requests N         requests the traffic generator sends (default 600)",
      "  --exit-after         exit once the table is printed (with --no-traffic: once both apps are up)",
      "  --no-traffic         send no traffic; serve until stopped, so that others can send requests",
      "  --help               print this text",
      "",
      "Exit code 0 when both applications started and the traffic ran; 1 when an application did",
      "not start; 2 for a bad option; 3 when the traffic or its checks did not complete.");

  /** Parses the arguments; throws {@link IllegalArgumentException} naming a bad one. */
  static DemoOptions parse(String... args) {
    int legacyPort = 8080;
    int candidatePort = 8081;
    String secret = null;
    int requests = 600;
    boolean exitAfter = false;
    boolean traffic = true;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--legacy-port" -> legacyPort = port(arg, value != null ? value : next(args, ++i, arg));
        case "--candidate-port" -> candidatePort = port(arg, value != null ? value : next(args, ++i, arg));
        case "--secret" -> secret = value != null ? value : next(args, ++i, arg);
        case "--requests" -> requests = count(arg, value != null ? value : next(args, ++i, arg));
        case "--exit-after" -> exitAfter = true;
        case "--no-traffic" -> traffic = false;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (legacyPort != 0 && legacyPort == candidatePort) {
      throw new IllegalArgumentException("--legacy-port and --candidate-port must differ, both were " + legacyPort);
    }
    boolean given = secret != null;
    if (given && secret.length() < 16) {
      throw new IllegalArgumentException("--secret must be at least 16 characters");
    }
    if (!given) {
      byte[] bytes = new byte[16];
      new SecureRandom().nextBytes(bytes);
      secret = HexFormat.of().formatHex(bytes);
    }
    return new DemoOptions(legacyPort, candidatePort, secret, given, requests, exitAfter, traffic, help);
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String option, String value) {
    int port = number(option, value);
    if (port > 65535) {
      throw new IllegalArgumentException(option + " must be a port from 0 to 65535, was " + value);
    }
    return port;
  }

  private static int count(String option, String value) {
    int n = number(option, value);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, was " + value);
    }
    return n;
  }

  private static int number(String option, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, was '" + value + "'");
    }
  }
}
