package io.grain.processor.model;

import java.util.List;

/**
 * The records, enums, wrapper messages and map entries one generated class encodes, each once:
 * what a grain's signatures or a {@code @Stored} record reach. The generated class holds a writer
 * and a reader for each, so it depends on no other generated class.
 *
 * @param records  every record reached, each once, in the order first met.
 * @param enums    every enum reached.
 * @param wrappers list, map and optional types that need a message of their own.
 * @param maps     every map type, for its entry message.
 */
public record WireTypes(
    List<RecordDef> records,
    List<ValueType.EnumType> enums,
    List<ValueType> wrappers,
    List<ValueType.MapType> maps) {

    public WireTypes {
        records = List.copyOf(records);
        enums = List.copyOf(enums);
        wrappers = List.copyOf(wrappers);
        maps = List.copyOf(maps);
    }
}
