package io.grain.processor.model;

/**
 * One field of a message: a method parameter (number = position + 1), a record component (number
 * = declaration order + 1) or a result (number 1).
 *
 * @param name   the Java name: parameter, component or {@code result}.
 * @param number the Protobuf field number.
 * @param type   what it carries.
 */
public record Field(String name, int number, ValueType type) {
}
