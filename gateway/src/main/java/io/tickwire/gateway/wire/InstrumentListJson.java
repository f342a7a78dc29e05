package io.tickwire.gateway.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code [{"symbol":"EUR/USD","name":"Euro / US Dollar","type":"fx","currency":"USD","tickSize":0.00001,
 * "priceDecimals":5,"sizeDecimals":0}, …]} (PROTOCOL.md §1a, §4): the body of {@code /api/symbols}.
 * The tick is written as the plain decimal it is ({@code 0.00001}, never {@code 1.0E-5}).
 */
public final class InstrumentListJson {

    private InstrumentListJson() {
    }

    public static byte[] encode(ObjectMapper mapper, List<Instrument> instruments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 160 * instruments.size());
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Instrument i : instruments) {
                write(g, i);
            }
            g.writeEndArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot encode the instrument list", e);
        }
        return out.toByteArray();
    }

    /** One instrument as §1a's object. */
    public static void write(JsonGenerator g, Instrument i) throws IOException {
        g.writeStartObject();
        g.writeStringField("symbol", i.symbol());
        g.writeStringField("name", i.name());
        g.writeStringField("type", i.type().wireName());
        g.writeStringField("currency", i.currency());
        g.writeFieldName("tickSize");
        g.writeNumber(Decimals.plain(i.tickUnits(), i.priceDecimals(), true));
        g.writeNumberField("priceDecimals", i.priceDecimals());
        g.writeNumberField("sizeDecimals", i.sizeDecimals());
        g.writeEndObject();
    }
}
