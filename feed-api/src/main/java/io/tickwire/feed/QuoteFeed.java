package io.tickwire.feed;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A source of level-1 quotes: all the gateway knows of where quotes come from, whether the
 * simulator in its own process or a stream that several gateway nodes follow through Redis.
 *
 * <p>Implementations stamp every quote with a {@code seq} that is strictly increasing across the
 * whole feed, identical on every node that sees the quote, never going back (not across a restart
 * of the feed) and below 2^53 ({@link Quote#MAX_SEQ}).
 */
public interface QuoteFeed {

    /**
     * The instruments known before {@link #events()} is subscribed, most active first: a feed in
     * this process knows them all; a remote one may know none yet and define them on the stream.
     */
    List<Instrument> instruments();

    /**
     * The feed's events, in {@code seq} order: optionally a {@link FeedSnapshot} first (a feed that
     * was running before this subscriber), then {@link Quote}s, with {@link InstrumentsDefined}
     * ahead of the first quote of any instrument not known before (or at a new precision), and a new {@link FeedSnapshot}
     * wherever the feed lost its place and cannot replay what it missed.
     *
     * <p>The gateway subscribes exactly once and requests an unbounded amount; a feed that
     * cannot pace itself to that must bound what it holds (and say how) rather than buffer without
     * limit. Whether a second subscription sees the same stream is the implementation's to say.
     */
    Flux<FeedEvent> events();
}
