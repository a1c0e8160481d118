package xyz.halyrd.platform;

import jakarta.persistence.PreRemove;
import jakarta.persistence.PreUpdate;

/**
 * Entity listener for history: journal entries, trades, equity snapshots and risk blocks are written once and
 * never changed or removed. Registered with {@code @EntityListeners(AppendOnly.class)}.
 */
public class AppendOnly {

    @PreUpdate
    void refuseUpdate(Object entity) {
        throw new IllegalStateException(entity.getClass().getSimpleName() + " rows are history and cannot be changed");
    }

    @PreRemove
    void refuseRemove(Object entity) {
        throw new IllegalStateException(entity.getClass().getSimpleName() + " rows are history and cannot be removed");
    }
}
