package org.activeseg.loop.state;

/** The metrics of one evaluated round of one track. */
public record RoundRow(String strategy, long seed, int round, RoundMetrics metrics) {}
