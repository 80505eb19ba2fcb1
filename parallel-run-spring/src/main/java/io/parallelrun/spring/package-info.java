/** Spring Boot auto-configuration of parallel-run's legacy and candidate sides. */
package io.parallelrun.spring;
