package io.grain.runtime.shard;

/** Work handed to a shard from another thread through its queue; runs on the shard thread. */
interface ShardTask {
    void runOnShard(ShardAgent shard);
}
