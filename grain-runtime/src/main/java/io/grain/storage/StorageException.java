package io.grain.storage;

/**
 * A storage operation failed: the database refused or could not be reached, or a stored row does
 * not decode (the message names the table and key). Each failure gets its own instance.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(final String message) {
        super(message);
    }

    public StorageException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
