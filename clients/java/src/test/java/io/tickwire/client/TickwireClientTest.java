package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link TickwireClient} checks before it connects anywhere (nothing connects until a flux is subscribed). */
class TickwireClientTest {

    final TickwireClient client = TickwireClient.builder("http://127.0.0.1:9").build();

    @Test
    void quotesMayBeAskedForAnySymbolTheContractAllows() {
        assertThatCode(() -> client.quotes("EUR/USD", "BTC-USD", "XETR:SAP", "BRK.B", "btcusdt", "*"))
                .doesNotThrowAnyException();
    }

    @Test
    void aSymbolOutsideTheContractsSyntaxIsRefusedAtOnce() {
        assertThatThrownBy(() -> client.quotes("AAPL US")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a symbol: AAPL US ([A-Za-z0-9._:/-]{1,32}, or *)");
        assertThatThrownBy(() -> client.quotes("X".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.quotes()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBackoffWhoseMinIsAboveItsMaxOrNotPositiveIsRefused() {
        assertThatThrownBy(() -> TickwireClient.builder("http://127.0.0.1:9").backoff(Duration.ofSeconds(5),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < min <= max");
        assertThatThrownBy(() -> TickwireClient.builder("http://127.0.0.1:9").backoff(Duration.ZERO,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
