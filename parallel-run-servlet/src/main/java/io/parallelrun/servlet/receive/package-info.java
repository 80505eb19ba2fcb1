/**
 * Candidate side, first stage: {@link io.parallelrun.servlet.receive.ConsistencyCheckServlet}
 * receives signed payloads from the legacy side, answers at once, and checks them in the
 * background through the replay gateway, the comparator and the recorder; it also serves the
 * readiness report.
 */
package io.parallelrun.servlet.receive;
