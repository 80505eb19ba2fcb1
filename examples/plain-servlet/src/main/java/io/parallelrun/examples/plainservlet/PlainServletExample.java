package io.parallelrun.examples.plainservlet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parallelrun.core.operation.OperationPolicies;
import io.parallelrun.core.operation.OperationRouter;
import io.parallelrun.servlet.capture.ParallelRunFilter;
import io.parallelrun.servlet.publish.ConsistencyCheckPublisher;
import io.parallelrun.servlet.receive.ConsistencyCheckServlet;
import io.parallelrun.servlet.replay.ReplayMarkerFilter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Both sides of parallel-run on plain Jetty, with the servlet API only: no Spring, no
 * configuration files, every part built in code.
 *
 * <pre>
 * legacy   :9080  ParallelRunFilter -> LegacyReturnsServlet
 *                        | signed NDJSON batches
 *                        v
 * candidate :9081 /consistency-checks/*  ConsistencyCheckServlet -> replays to 127.0.0.1:9081
 *                 /*                     ReplayMarkerFilter -> CandidateReturnsServlet
 * </pre>
 *
 * <p>Run it with {@code java -cp ... io.parallelrun.examples.plainservlet.PlainServletExample
 * [legacyPort candidatePort]}, send requests to the legacy port and read {@code GET
 * /consistency-checks/report} on the candidate.
 */
public final class PlainServletExample implements AutoCloseable {

  /** The routes that name operations; both sides use the same. */
  static final OperationRouter ROUTES = OperationRouter.builder()
      .route("GET /returns/{id}", "getReturn")
      .route("GET /returns/{id}/refund", "getRefund")
      .build();

  /** Policies: a small example reaches a verdict after 20 checks. */
  static final OperationPolicies POLICIES = OperationPolicies.builder()
      .operation("getReturn", p -> p.minSamples(20))
      .operation("getRefund", p -> p.minSamples(20))
      .build();

  private final MeterRegistry legacyRegistry = new SimpleMeterRegistry();
  private final MeterRegistry candidateRegistry = new SimpleMeterRegistry();
  private final JettyServer candidate;
  private final JettyServer legacy;
  private final ConsistencyCheckServlet receiver;
  private final ConsistencyCheckPublisher publisher;
  private final CandidateReturnsServlet candidateEndpoints = new CandidateReturnsServlet();

  /** Starts the candidate, then the legacy application; port 0 picks a free port. */
  public PlainServletExample(int legacyPort, int candidatePort, String secret) {
    // Candidate: its own endpoints behind the replay marker, and the receiver that replays to them.
    candidate = new JettyServer(candidatePort);
    receiver = ConsistencyCheckServlet.builder()
        .secret(secret)
        .replayTo(candidate.url(""))
        .router(ROUTES)
        .policies(POLICIES)
        .meterRegistry(candidateRegistry)
        .build();
    candidate
        .filter("/*", new ReplayMarkerFilter())
        .servlet("/consistency-checks/*", receiver)
        .servlet("/*", candidateEndpoints)
        .start();

    // Legacy: the filter copies each exchange to the publisher, which signs and sends batches.
    publisher = ConsistencyCheckPublisher.builder()
        .candidateUrl(candidate.url("/consistency-checks"))
        .secret(secret)
        .batchDelay(Duration.ofMillis(50))
        .meterRegistry(legacyRegistry)
        .build();
    ParallelRunFilter filter = ParallelRunFilter.builder()
        .publisher(publisher)
        .router(ROUTES)
        .policies(POLICIES)
        .build();
    legacy = new JettyServer(legacyPort).filter("/*", filter).servlet("/*", new LegacyReturnsServlet()).start();
  }

  public static void main(String[] args) {
    int legacyPort = args.length > 0 ? Integer.parseInt(args[0]) : 9080;
    int candidatePort = args.length > 1 ? Integer.parseInt(args[1]) : 9081;
    String secret = System.getenv("PARALLEL_RUN_SECRET");
    if (secret == null || secret.isBlank()) {
      byte[] bytes = new byte[16];
      new SecureRandom().nextBytes(bytes);
      secret = HexFormat.of().formatHex(bytes);
    }
    PlainServletExample example = new PlainServletExample(legacyPort, candidatePort, secret);
    Runtime.getRuntime().addShutdownHook(new Thread(example::close, "plain-servlet-example-shutdown"));
    System.out.println("legacy     " + example.legacyUrl("/returns/7") + "   and " + example.legacyUrl("/returns/7/refund"));
    System.out.println("candidate  " + example.candidateUrl("/consistency-checks/report"));
    System.out.println("Send requests to the legacy application, then read the report. Ctrl-C stops.");
  }

  public String legacyUrl(String path) {
    return legacy.url(path);
  }

  public String candidateUrl(String path) {
    return candidate.url(path);
  }

  /** The receiver: its checker and readiness report. */
  public ConsistencyCheckServlet receiver() {
    return receiver;
  }

  public MeterRegistry legacyRegistry() {
    return legacyRegistry;
  }

  public MeterRegistry candidateRegistry() {
    return candidateRegistry;
  }

  /** Reads audited by the candidate's endpoints: client requests, never replays. */
  public long candidateAudits() {
    return candidateEndpoints.audited();
  }

  /** Stops the legacy side first, so that the publisher sends what is queued, then the candidate. */
  @Override
  public void close() {
    legacy.close();
    publisher.close();
    candidate.close();
  }
}
