package io.cagekeeper.reconciliation;

import io.cagekeeper.reconciliation.exceptions.AccessReview;
import io.cagekeeper.reconciliation.exceptions.Finding;
import io.cagekeeper.reconciliation.exceptions.Sequences;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.cagekeeper.reconciliation.match.Population;
import java.util.List;
import java.util.Map;

/**
 * Everything one reconciliation found, before it is written as a report: the period, the settings,
 * how each source was read, per-device sequence numbers, population counts, the exceptions, the
 * sample (seed and event ids) and the access review.
 */
public record Result(long from, long to, Settings settings, List<SourceStats> sources, Map<String, Sequences.Device> devices,
                     long eventsOutsidePeriod, Population population, List<Finding> findings, long sampleSeed,
                     long samplePopulation, long[] sample, List<AccessReview.Item> review) {
}
