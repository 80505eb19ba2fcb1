package io.parallelrun.examples.returns.service;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Books pickups with the carrier (simulated: counted and logged). A replayed request is a copy of
 * one the monolith already served: the monolith booked that pickup, so a replay books none.
 */
@Component
public class CarrierClient {

  private static final Logger LOG = LoggerFactory.getLogger(CarrierClient.class);

  private final AtomicLong booked = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  public void bookPickup(String returnId) {
    booked.incrementAndGet();
    LOG.debug("pickup booked for {}", returnId);
  }

  /** Records that a replayed request did not book a pickup. */
  public void skipForReplay(String returnId) {
    skipped.incrementAndGet();
    LOG.debug("replay of the label of {}: no pickup booked", returnId);
  }

  /** Pickups booked. */
  public long booked() {
    return booked.get();
  }

  /** Pickups not booked because the request was a replay. */
  public long skippedForReplays() {
    return skipped.get();
  }
}
