package org.activeseg.data.synthetic;

/** The kinds of room the synthetic generator furnishes, each with its own furniture ({@link RoomFurnishing}). */
enum RoomType { BEDROOM, LIVING_ROOM, OFFICE, KITCHEN }
