package io.parallelrun.spring;

/**
 * A {@code parallel-run.*} property holds a value the auto-configuration cannot work with. Thrown
 * while the context starts; {@code ParallelRunFailureAnalyzer} turns it into a startup report that
 * names the property, the problem and the fix.
 */
public final class InvalidParallelRunConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String problem;
  private final String action;

  /**
   * @param property the full property name, for example {@code parallel-run.legacy.secret}
   * @param problem what is wrong with its value
   * @param action how to fix it
   */
  public InvalidParallelRunConfigurationException(String property, String problem, String action) {
    super("Invalid parallel-run configuration: " + property + ": " + problem);
    this.property = property;
    this.problem = problem;
    this.action = action;
  }

  InvalidParallelRunConfigurationException(String property, String problem) {
    this(property, problem, "Correct " + property + " in the application's configuration (docs/spring.md lists every parallel-run property).");
  }

  /** The full name of the property at fault. */
  public String property() {
    return property;
  }

  /** What is wrong with its value. */
  public String problem() {
    return problem;
  }

  /** How to fix it. */
  public String action() {
    return action;
  }
}
