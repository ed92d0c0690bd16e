package io.grain.runtime.dispatch;

import io.grain.runtime.wire.ProtoReader;

/**
 * Decodes a method's reply message (the result is field 1). Generated codecs hold one constant per
 * method, so sending a call allocates no decoder.
 */
@FunctionalInterface
public interface ReplyDecoder<R> {
    R decode(ProtoReader reader);
}
