package io.grain.sample.arena;

/** What a fighter does in one tick: step one cell (or stay), and attack the cells around it or not. */
public record Move(Direction direction, boolean attack) {
    public static final Move STAY = new Move(Direction.NONE, false);

    /** A step on the grid. */
    public enum Direction {
        NONE(0, 0), NORTH(0, -1), SOUTH(0, 1), EAST(1, 0), WEST(-1, 0);

        final int dx;
        final int dy;

        Direction(final int dx, final int dy) {
            this.dx = dx;
            this.dy = dy;
        }
    }
}
