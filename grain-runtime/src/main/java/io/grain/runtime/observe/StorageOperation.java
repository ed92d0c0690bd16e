package io.grain.runtime.observe;

/** The operations of the {@code io.grain.storage.Storage} SPI, as {@link MemberObserver#onStorage} names them. */
public enum StorageOperation {
    READ_STATE("readState"),
    WRITE_STATE("writeState"),
    CLEAR_STATE("clearState"),
    UPSERT("upsert"),
    INSERT("insert"),
    GET("get"),
    QUERY("query"),
    DELETE("delete"),
    UPSERT_REMINDER("upsertReminder"),
    DELETE_REMINDER("deleteReminder"),
    RECORD_REMINDER_TICK("recordReminderTick"),
    READ_REMINDERS("readReminders"),
    SCAN_REMINDERS("scanReminders"),
    CHECK("check");

    private final String methodName;

    StorageOperation(final String methodName) {
        this.methodName = methodName;
    }

    /** The name of the {@code Storage} method, e.g. {@code readState}: what meters use as a tag. */
    public String methodName() {
        return methodName;
    }
}
