/**
 * The comparison: {@code Compare} starts each system pinned to the server cores and drives it with
 * {@code LoadClient} from the load cores, then {@code Report} writes RESULTS.md, its JSON and chart.
 */
package io.tickwire.bench;
