package io.grain.storage;

/** {@link RecordStore#insert} found a row with the same keys. Each failure gets its own instance. */
public final class DuplicateRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateRecordException(final String message) {
        super(message);
    }
}
