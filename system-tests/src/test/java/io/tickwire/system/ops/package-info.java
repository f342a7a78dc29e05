/**
 * The files under {@code ops/} against the programs that read them: Prometheus's {@code promtool}
 * on the alert rules, the Grafana dashboard's queries in a real Prometheus scraping a gateway, and
 * the deployment recipes (compose, Kubernetes, Dockerfile) checked against the README and run.
 */
package io.tickwire.system.ops;
