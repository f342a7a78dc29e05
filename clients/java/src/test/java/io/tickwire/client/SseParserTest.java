package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static final String STREAM = "retry: 1000\n\n"
            + "id: 7\nevent: quote\ndata: {\"a\":1}\n\n"
            + ": heartbeat 1763712000123456\n\n"
            + "id: 8\nevent: quote\ndata: {\"a\":2}\n\n";

    @Test
    void givesEachEventWithItsIdAndSkipsCommentsAndRetry() {
        assertThat(new SseParser().feed(STREAM)).containsExactly(
                new SseParser.Event("7", "quote", "{\"a\":1}"), new SseParser.Event("8", "quote", "{\"a\":2}"));
    }

    @Test
    void anEventSplitAnywhereAcrossChunksComesOnceComplete() {
        for (int cut = 1; cut < STREAM.length(); cut++) {
            SseParser parser = new SseParser();
            List<SseParser.Event> got = new ArrayList<>(parser.feed(STREAM.substring(0, cut)));
            got.addAll(parser.feed(STREAM.substring(cut)));
            assertThat(got).as("cut at %d", cut).extracting(SseParser.Event::id).containsExactly("7", "8");
        }
    }

    @Test
    void readsCrlfLinesFieldsWithoutASpaceAndDataOverSeveralLines() {
        assertThat(new SseParser().feed("id:9\r\nevent:quote\r\ndata: {\r\ndata: }\r\n\r\n"))
                .containsExactly(new SseParser.Event("9", "quote", "{\n}"));
    }
}
