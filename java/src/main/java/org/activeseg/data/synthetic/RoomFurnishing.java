package org.activeseg.data.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.activeseg.data.synthetic.FloorPlan.Placed;

/**
 * What furniture each {@link RoomType} gets, and in what arrangement: a bedroom a bed with night
 * stands (and lamps on them), a dresser, perhaps a desk; a living room a sofa facing a coffee table,
 * armchairs, shelves, a television on a cabinet; an office desks with chairs, shelves, cabinets; a
 * kitchen a run of counter units under wall cabinets, a refrigerator and a table with chairs. Then
 * a few more pieces along the walls and some boxes. Pieces come from the {@link FurnitureCatalogue}
 * and go where the {@link FloorPlan} finds room; one that finds none is left out.
 */
final class RoomFurnishing {
    /** Random places tried for a piece before it is left out (three times that for a room's main piece). */
    private static final int TRIES = 40;

    private final SplittableRandom rng;
    private final FurnitureCatalogue catalogue;
    private final FloorPlan plan;
    private final double sz;

    RoomFurnishing(SplittableRandom rng, FurnitureCatalogue catalogue, FloorPlan plan, double sz) {
        this.rng = rng;
        this.catalogue = catalogue;
        this.plan = plan;
        this.sz = sz;
    }

    /** Furnishes the room as its type asks, then adds pieces along the walls. */
    void furnish(RoomType type) {
        switch (type) {
            case BEDROOM -> furnishBedroom();
            case LIVING_ROOM -> furnishLivingRoom();
            case OFFICE -> furnishOffice();
            case KITCHEN -> furnishKitchen();
        }
        fillWalls(type);
    }

    private void furnishBedroom() {
        Placed bed = plan.placeOnWall(catalogue.bed(), 3 * TRIES);
        if (bed != null) {
            boolean after = rng.nextBoolean();
            int stands = 1 + rng.nextInt(2);
            for (int i = 0; i < stands; i++) {
                Placed stand = plan.placeNextTo(catalogue.nightStand(), bed, after ^ (i == 1), Palette.uniform(rng, 0.05, 0.1),
                        FloorPlan.FOOTPRINT_MARGIN);
                if (stand != null && rng.nextDouble() < 0.7) {
                    plan.placeOnTop(catalogue.lamp(), plan.topCount() - 1);
                }
            }
        }
        if (rng.nextDouble() < 0.7) {
            plan.placeOnWall(catalogue.dresser(), TRIES);
            if (rng.nextDouble() < 0.35) {
                plan.placeOnTop(catalogue.television(), plan.topCount() - 1);
            }
        }
        if (rng.nextDouble() < 0.5) {
            plan.placeOnWall(catalogue.cabinet(true, false), TRIES);
        }
        if (rng.nextDouble() < 0.4) {
            placeDeskWithChair();
        }
        if (rng.nextDouble() < 0.3) {
            plan.placeOnWall(catalogue.bookshelf(), TRIES);
        }
        placeBoxes(rng.nextInt(3));
    }

    private void furnishLivingRoom() {
        Placed sofa = plan.placeOnWall(catalogue.sofa(), 3 * TRIES);
        if (sofa != null) {
            plan.placeInFrontOf(catalogue.table(true), sofa, Palette.uniform(rng, 0.35, 0.55));
        }
        int armchairs = rng.nextInt(3);
        for (int i = 0; i < armchairs; i++) {
            plan.placeFree(catalogue.chair(), TRIES);
        }
        int shelves = 1 + rng.nextInt(2);
        for (int i = 0; i < shelves; i++) {
            plan.placeOnWall(catalogue.bookshelf(), TRIES);
        }
        if (rng.nextDouble() < 0.7 && plan.placeOnWall(catalogue.cabinet(false, false), TRIES) != null) {
            plan.placeOnTop(rng.nextDouble() < 0.7 ? catalogue.television() : catalogue.lamp(), plan.topCount() - 1);
        }
        if (rng.nextDouble() < 0.4) {
            placeTableWithChairs();
        }
        placeBoxes(rng.nextInt(3));
    }

    private void furnishOffice() {
        int desks = 1 + rng.nextInt(3);
        for (int i = 0; i < desks; i++) {
            placeDeskWithChair();
        }
        int shelves = 1 + rng.nextInt(2);
        for (int i = 0; i < shelves; i++) {
            plan.placeOnWall(catalogue.bookshelf(), TRIES);
        }
        int cabinets = 1 + rng.nextInt(2);
        for (int i = 0; i < cabinets; i++) {
            plan.placeOnWall(catalogue.cabinet(rng.nextBoolean(), false), TRIES);
        }
        if (rng.nextDouble() < 0.5) {
            placeTableWithChairs();
        }
        placeBoxes(1 + rng.nextInt(3));
    }

    private void furnishKitchen() {
        int units = 2 + rng.nextInt(3);
        boolean upper = rng.nextDouble() < 0.7;
        Placed previous = plan.placeOnWall(catalogue.cabinet(false, true), 3 * TRIES);
        for (int i = 0; i < units && previous != null; i++) {
            if (upper) {
                plan.tryWallAt(catalogue.wallCabinet(previous.extentAlongWall(), sz - 1.6), previous.wall(), previous.along(), 0,
                        Palette.uniform(rng, 1.4, 1.5));
            }
            previous = i + 1 < units ? plan.placeNextTo(catalogue.cabinet(false, true), previous, true, 0.002, 0) : null;
        }
        plan.placeOnWall(catalogue.refrigerator(), 2 * TRIES);
        if (rng.nextDouble() < 0.5) {
            plan.placeOnWall(catalogue.cabinet(true, false), TRIES);
        }
        placeTableWithChairs();
        placeBoxes(rng.nextInt(3));
    }

    /** A few more pieces along the walls, so that walls do not fill most of the views. */
    private void fillWalls(RoomType type) {
        int extra = 1 + rng.nextInt(3);
        for (int i = 0; i < extra; i++) {
            List<Part> piece = switch (type) {
                case BEDROOM -> rng.nextBoolean() ? catalogue.dresser() : catalogue.cabinet(rng.nextBoolean(), false);
                case LIVING_ROOM -> rng.nextBoolean() ? catalogue.bookshelf() : catalogue.cabinet(false, false);
                case OFFICE -> rng.nextBoolean() ? catalogue.bookshelf() : catalogue.cabinet(rng.nextBoolean(), false);
                case KITCHEN -> rng.nextBoolean() ? catalogue.cabinet(false, true) : catalogue.cabinet(true, false);
            };
            plan.placeOnWall(piece, TRIES);
        }
    }

    private void placeDeskWithChair() {
        Placed desk = plan.placeOnWall(catalogue.desk(), TRIES);
        if (desk != null) {
            plan.placeInFrontOf(catalogue.chair(), desk, Palette.uniform(rng, 0.05, 0.2));
        }
    }

    private void placeTableWithChairs() {
        Placed table = plan.placeFree(catalogue.table(false), 2 * TRIES);
        if (table == null) {
            return;
        }
        double[] fp = table.footprint();
        for (int side = 0; side < 4; side++) {
            if (rng.nextDouble() < 0.75) {
                plan.placeBeside(catalogue.chair(), fp, side, Palette.uniform(rng, 0.04, 0.15),
                        Palette.uniform(rng, -0.15, 0.15));
            }
        }
    }

    private void placeBoxes(int n) {
        for (int i = 0; i < n; i++) {
            if (plan.topCount() > 0 && rng.nextDouble() < 0.4) {
                plan.placeOnTop(catalogue.box(0.35), rng.nextInt(plan.topCount()));
            } else {
                plan.placeFree(catalogue.box(0.6), TRIES);
            }
        }
    }
}
