package org.activeseg.model.net;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a {@link SegmentationNetwork}: class count, base width, inverted-residual blocks
 * per encoder stage, expansion factor, the context module's dilation rates, the MC-dropout rate
 * of the two Dropout2d layers, and the initialisation seed. Serialised as a one-line string
 * ({@link #encode}) that checkpoints carry, so a checkpoint of another shape is refused by name.
 *
 * @param classes     output classes (> 1)
 * @param width       base channel count c; the stages have c, 3c/2, 2c, 4c channels
 * @param blocks      blocks per stage (4 stages, strides 1, 2, 2, 2 after the stride-2 stem: output stride 16)
 * @param expansion   the blocks' expansion factor (MobileNetV2 uses 6)
 * @param rates       dilation rates of the context module's 3x3 branches (a 1x1 branch is always present)
 * @param dropout     probability of both Dropout2d layers (ViewAL: 0.25)
 * @param seed        weight initialisation and dropout masks
 */
public record NetworkConfig(int classes, int width, int[] blocks, int expansion, int[] rates, double dropout, long seed) {

    public static final int STAGES = 4;

    public NetworkConfig {
        if (classes < 2) {
            throw new IllegalArgumentException("network: classes must be >= 2, got " + classes);
        }
        if (width < 4 || width % 2 != 0) {
            throw new IllegalArgumentException("network: width must be even and >= 4, got " + width);
        }
        if (blocks == null || blocks.length != STAGES || Arrays.stream(blocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("network: blocks must give " + STAGES + " stages of >= 1 block, got "
                    + Arrays.toString(blocks));
        }
        if (expansion < 1) {
            throw new IllegalArgumentException("network: expansion must be >= 1, got " + expansion);
        }
        if (rates == null || rates.length == 0 || Arrays.stream(rates).anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("network: context rates must be >= 1, got " + Arrays.toString(rates));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("network: dropout must be in [0, 1), got " + dropout);
        }
        blocks = blocks.clone();
        rates = rates.clone();
    }

    /** The CPU demo's network: width 16, blocks 1-2-2-2, expansion 4, rates 2 and 4, dropout 0.25. */
    public static NetworkConfig small(int classes, long seed) {
        return new NetworkConfig(classes, 16, new int[] {1, 2, 2, 2}, 4, new int[] {2, 4}, 0.25, seed);
    }

    /** Channels of encoder stage {@code s} (0-based). */
    public int stageChannels(int s) {
        return switch (s) {
            case 0 -> width;
            case 1 -> width * 3 / 2;
            case 2 -> width * 2;
            case 3 -> width * 4;
            default -> throw new IllegalArgumentException("stage " + s);
        };
    }

    @Override
    public int[] blocks() { return blocks.clone(); }

    @Override
    public int[] rates() { return rates.clone(); }

    /** A stable one-line description, e.g. {@code classes=40;width=16;blocks=1,2,2,2;...}. */
    public String encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", "deeplab-ir-v1");
        m.put("classes", Integer.toString(classes));
        m.put("width", Integer.toString(width));
        m.put("blocks", join(blocks));
        m.put("expansion", Integer.toString(expansion));
        m.put("rates", join(rates));
        m.put("dropout", Double.toString(dropout));
        m.put("seed", Long.toString(seed));
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    /** Parses {@link #encode()}'s form; an unknown architecture or malformed field is an error naming it. */
    public static NetworkConfig decode(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("network config: malformed field '" + part + "' in '" + s + "'");
            }
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        if (!"deeplab-ir-v1".equals(m.get("arch"))) {
            throw new IllegalArgumentException("network config: unknown architecture '" + m.get("arch") + "' in '" + s + "'");
        }
        try {
            return new NetworkConfig(Integer.parseInt(field(m, "classes", s)), Integer.parseInt(field(m, "width", s)),
                    ints(field(m, "blocks", s)), Integer.parseInt(field(m, "expansion", s)), ints(field(m, "rates", s)),
                    Double.parseDouble(field(m, "dropout", s)), Long.parseLong(field(m, "seed", s)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("network config: malformed number in '" + s + "'", e);
        }
    }

    private static String field(Map<String, String> m, String key, String s) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("network config: field '" + key + "' missing in '" + s + "'");
        }
        return v;
    }

    private static int[] ints(String v) {
        return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int x : a) {
            sb.append(sb.isEmpty() ? "" : ",").append(x);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkConfig c && c.encode().equals(encode());
    }

    @Override
    public int hashCode() { return encode().hashCode(); }

    @Override
    public String toString() { return encode(); }
}
