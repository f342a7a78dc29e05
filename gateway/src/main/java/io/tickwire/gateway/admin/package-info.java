/**
 * Operators' actions over HTTP (PROTOCOL.md §4a): revoking a subject ({@code /api/admin/revocations}),
 * the stores that keep the list across restarts (a file on a single node, Redis on a cluster) and
 * the sync that carries a revocation to every node. The rule itself, refusing a revoked subject's
 * tokens and ending its streams, is security's.
 */
package io.tickwire.gateway.admin;
