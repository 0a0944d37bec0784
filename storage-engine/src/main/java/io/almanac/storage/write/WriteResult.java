package io.almanac.storage.write;

/**
 * What the write path says when offered a mutation. An expected outcome, so a value and not an exception
 * (as Agrona's {@code RingBuffer.INSUFFICIENT_CAPACITY}).
 */
public enum WriteResult {
    /** The mutation is in the shard's ring buffer; its callback will be completed. */
    ACCEPTED,
    /**
     * The shard's ring buffer is full: nothing was written and the callback will not be called. The frontend turns
     * this into back-pressure (CQL OVERLOADED or stop reading, HTTP 503 with Retry-After, MQTT stop reading).
     */
    BACK_PRESSURED
}
