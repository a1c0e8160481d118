package xyz.halyrd.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/**
 * Stores every {@link Instant} as epoch milliseconds (UTC): the JPA provider here would otherwise serialize it
 * into a BLOB, and a zone-less TIMESTAMP column would depend on the server's time zone. The platform clock ticks
 * in milliseconds, so nothing is lost.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Long> {

    @Override
    public Long convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
