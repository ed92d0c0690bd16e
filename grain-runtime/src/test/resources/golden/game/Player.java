package game;

import io.grain.annotation.AlwaysInterleave;
import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;
import io.grain.annotation.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Grain("player")
public interface Player {
    enum Rank { BRONZE, SILVER, GOLD }

    record Profile(String name, int level, Rank rank, List<String> badges) {
    }

    CompletableFuture<Profile> profile();

    CompletableFuture<Integer> addScore(int delta);

    @ReadOnly
    CompletionStage<Integer> score();

    @AlwaysInterleave
    CompletableFuture<Void> poke();

    @OneWay
    void heartbeat(long nowMillis);

    @Timeout(millis = 500)
    CompletableFuture<Void> kick(String reason);
}
