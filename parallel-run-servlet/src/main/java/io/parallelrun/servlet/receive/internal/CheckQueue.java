package io.parallelrun.servlet.receive.internal;

import io.parallelrun.core.payload.ConsistencyCheckPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The receiver's backlog: bounded by count and by the bytes the payloads took on the wire. */
public final class CheckQueue {

  /** One accepted payload waiting for a worker. */
  public static final class Job {
    public final String checkId;
    public final ConsistencyCheckPayload payload;
    public final int bytes;

    public Job(String checkId, ConsistencyCheckPayload payload, int bytes) {
      this.checkId = checkId;
      this.payload = payload;
      this.bytes = bytes;
    }
  }

  private final ArrayBlockingQueue<Job> queue;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();

  public CheckQueue(int maxCount, long maxBytes) {
    this.queue = new ArrayBlockingQueue<>(maxCount);
    this.maxBytes = maxBytes;
  }

  /** Adds the job if both bounds leave room; never blocks. */
  public boolean offer(Job job) {
    long current;
    do {
      current = bytes.get();
      if (current + job.bytes > maxBytes && current > 0) {
        return false;
      }
    } while (!bytes.compareAndSet(current, current + job.bytes));
    if (!queue.offer(job)) {
      bytes.addAndGet(-job.bytes);
      return false;
    }
    return true;
  }

  /** The next job, waiting up to the timeout; {@code null} when none came. */
  public Job poll(long timeout, TimeUnit unit) throws InterruptedException {
    Job job = queue.poll(timeout, unit);
    if (job != null) {
      bytes.addAndGet(-job.bytes);
    }
    return job;
  }

  /** Removes this job if it is still queued. */
  public boolean remove(Job job) {
    if (queue.remove(job)) {
      bytes.addAndGet(-job.bytes);
      return true;
    }
    return false;
  }

  /** Takes every queued job. */
  public List<Job> drain() {
    List<Job> jobs = new ArrayList<>();
    queue.drainTo(jobs);
    for (Job job : jobs) {
      bytes.addAndGet(-job.bytes);
    }
    return jobs;
  }

  /** Whether no job would fit now, by count or by bytes. */
  public boolean isFull() {
    return queue.remainingCapacity() == 0 || bytes.get() >= maxBytes;
  }

  public int size() {
    return queue.size();
  }

  public long bytes() {
    return bytes.get();
  }
}
