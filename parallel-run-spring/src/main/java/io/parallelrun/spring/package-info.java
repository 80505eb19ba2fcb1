/**
 * Spring Boot auto-configuration of parallel-run's two sides from {@code parallel-run.*}
 * properties ({@link io.parallelrun.spring.ParallelRunProperties}), for Spring Boot 3.5 and 4.x.
 *
 * <ul>
 *   <li>{@link io.parallelrun.spring.ParallelRunAutoConfiguration}: the properties, and the
 *       operation router and policies of {@code parallel-run.operations.*};
 *   <li>{@link io.parallelrun.spring.ParallelRunLegacyAutoConfiguration}: the capturing filter
 *       and the publisher, with operation ids from Spring MVC's best matching pattern ({@link
 *       io.parallelrun.spring.SpringMvcOperationResolver});
 *   <li>{@link io.parallelrun.spring.ParallelRunCandidateAutoConfiguration}: the receiver, the
 *       replays to the application's own port and the replay marker;
 *   <li>{@link io.parallelrun.spring.ParallelRunEndpointAutoConfiguration}: the Actuator endpoint
 *       {@code parallelrun}.
 * </ul>
 *
 * <p>An invalid property stops the startup with an {@link
 * io.parallelrun.spring.InvalidParallelRunConfigurationException}, reported by a failure analyzer.
 * See {@code docs/spring.md}.
 */
package io.parallelrun.spring;
