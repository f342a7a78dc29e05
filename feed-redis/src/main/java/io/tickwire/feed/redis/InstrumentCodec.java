package io.tickwire.feed.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruments as the backplane carries them (PROTOCOL.md §1a): the argument a publisher hands
 * {@code tickwire_define}, the value of {@code tickwire:instruments}, and the array of a stream
 * entry that defined some.
 */
final class InstrumentCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private InstrumentCodec() {
    }

    /** §1a's object, every field written, the tick as the plain decimal it is. */
    static String json(Instrument i) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
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
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** An instrument as {@code tickwire_define} stored it; throws {@link IllegalArgumentException} if it is not one. */
    static Instrument read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return read(p);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not an instrument: " + json, e);
        }
    }

    /** The instruments of one stream entry, a JSON array. */
    static List<Instrument> readArray(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<Instrument> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(read(p));
            }
            return out;
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not an array of instruments", e);
        }
    }

    private static Instrument read(JsonParser p) throws IOException {
        String symbol = null;
        String name = null;
        InstrumentType type = null;
        String currency = null;
        Double tick = null;
        Integer priceDecimals = null;
        Integer sizeDecimals = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "symbol" -> symbol = p.getText();
                case "name" -> name = p.getText();
                case "type" -> type = InstrumentType.of(p.getText());
                case "currency" -> currency = p.getText();
                case "tickSize" -> tick = p.getDoubleValue();
                case "priceDecimals" -> priceDecimals = p.getIntValue();
                case "sizeDecimals" -> sizeDecimals = p.getIntValue();
                default -> p.skipChildren();
            }
        }
        return Instrument.define(symbol, name, type, currency, tick, priceDecimals, sizeDecimals);
    }
}
