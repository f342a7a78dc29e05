/**
 * Publishing over HTTP (PROTOCOL.md §8): quotes and instruments any program posts, read, judged and
 * handed whole to this node's own feed ({@code tickwire.feed.source=http}) or the cluster's Redis.
 * Nothing here serves clients: what is published reaches them through the feed and the hub.
 */
package io.tickwire.gateway.publish;
