package org.recoverylink.fhir.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.hl7.fhir.r4.formats.JsonCreator;
import org.hl7.fhir.r4.formats.JsonParser;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR JSON for responses, several times faster than HAPI's encoder: the HL7 R4 composer shipped
 * in {@code hapi-fhir-structures-r4} walks the model through generated getters (HAPI's encoder
 * goes by reflection and copies every {@code meta}), and Jackson writes the UTF-8 bytes (the
 * composer's own writer escapes each string character by character). The JSON is the same as
 * HAPI's, member for member; {@code JsonEncoderTest} holds the two side by side for every kind of
 * resource the server answers with.
 */
public final class JsonEncoder {

  private static final JsonFactory JSON = new JsonFactory();
  /**
   * Each thread's output buffer, reused from one call to the next: a fresh one grew and copied
   * itself for every response, a tenth of what a server allocates per {@code $assess}. One that
   * a large resource made larger than {@link #KEPT} is dropped after use.
   */
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
  private static final int KEPT = 64 * 1024;

  private JsonEncoder() {
  }

  /** The resource as compact UTF-8 JSON. Safe to call from many threads at once. */
  public static byte[] encode(Resource resource) {
    if (resource.getIdElement().hasVersionIdPart()
        && !(resource.hasMeta() && resource.getMeta().hasVersionId())) {
      // HAPI writes the version of a versioned id as meta.versionId; so do we, on a copy
      Resource versioned = resource.copy();
      versioned.getMeta().setVersionId(resource.getIdElement().getVersionIdPart());
      resource = versioned;
    }
    Buffer out = BUFFERS.get();
    out.reset();
    try (JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      Jackson writer = new Jackson(generator);
      generator.writeStartObject();
      new Composer().compose(writer, resource); // the composer writes members, not the braces
      generator.writeEndObject();
    } catch (IOException e) { // nothing here does I/O: a ByteArrayOutputStream cannot fail
      throw new UncheckedIOException(e);
    } finally {
      if (out.capacity() > KEPT) {
        BUFFERS.remove();
      }
    }
    return out.toByteArray();
  }

  private static final class Buffer extends ByteArrayOutputStream {

    Buffer() {
      super(16 * 1024);
    }

    int capacity() {
      return buf.length;
    }
  }

  /** The HL7 composer, writing a resource's id as HAPI does: the id part alone. */
  private static final class Composer extends JsonParser {

    @Override
    protected void composeIdCore(String name, IdType value, boolean inArray) throws IOException {
      if (value != null && value.hasValue()) {
        prop(name, value.getIdPart());
      } else if (inArray) {
        writeNull(name);
      }
    }
  }

  /** The composer's writer interface on a Jackson generator. */
  private record Jackson(JsonGenerator out) implements JsonCreator {

    @Override
    public void setIndent(String indent) {
      // always compact
    }

    @Override
    public void beginObject() throws IOException {
      out.writeStartObject();
    }

    @Override
    public void endObject() throws IOException {
      out.writeEndObject();
    }

    @Override
    public void nullValue() throws IOException {
      out.writeNull();
    }

    @Override
    public void name(String name) throws IOException {
      out.writeFieldName(name);
    }

    @Override
    public void value(String value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeString(value);
      }
    }

    @Override
    public void value(Boolean value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeBoolean(value);
      }
    }

    @Override
    public void value(BigDecimal value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }

    @Override
    public void valueNum(String value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }

    @Override
    public void value(Integer value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }

    @Override
    public void beginArray() throws IOException {
      out.writeStartArray();
    }

    @Override
    public void endArray() throws IOException {
      out.writeEndArray();
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    @Override
    public void link(String href) {
      // links are for the composer's HTML rendering, not JSON
    }
  }
}
