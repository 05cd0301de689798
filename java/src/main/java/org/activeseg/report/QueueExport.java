package org.activeseg.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A {@link LabellingQueue} as files for annotators, rendered in memory (name -> bytes) so the caller
 * can publish them all at once:
 * <ul>
 *   <li>{@code masks}: {@code masks/<frame>.png}, 8-bit, 255 where a pixel is to be labelled and 0
 *       elsewhere, and {@code queue.csv} (frame, image, mask, regions, pixels to label), frames in
 *       queue order;</li>
 *   <li>{@code labelstudio}: {@code tasks.json}, Label Studio import JSON with one task per frame whose
 *       prediction holds the regions (windows, pixels and frames as rectangles, superpixels as polygons
 *       traced by {@link MaskPolygons}; coordinates in percent of the image, as Label Studio stores
 *       them), and {@code labelstudio-config.xml}, the labelling configuration those names belong to.</li>
 * </ul>
 */
public final class QueueExport {
    private QueueExport() {}

    /** The label the regions carry in Label Studio. */
    public static final String LABEL = "to label";

    public static Map<String, byte[]> masks(LabellingQueue queue) throws IOException {
        HeadlessAwt.ensure();
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("frame,image,mask,regions,pixels_to_label\n");
        for (LabellingQueue.QueuedFrame f : queue.frames()) {
            BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            BitSet m = f.toLabel();
            for (int i = m.nextSetBit(0); i >= 0; i = m.nextSetBit(i + 1)) {
                px[i] = (byte) 255;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this JVM's ImageIO");
            }
            String mask = "masks/" + f.frameId() + ".png";
            files.put(mask, out.toByteArray());
            csv.append(f.frameId()).append(',').append(f.image()).append(',').append(mask).append(',')
                    .append(f.regions().size()).append(',').append(m.cardinality()).append('\n');
        }
        files.put("queue.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * @param imagePrefix put before each image path (relative to the dataset root) in the tasks, e.g.
     *                    {@code /data/local-files/?d=} for Label Studio's local-file storage
     */
    public static Map<String, byte[]> labelStudio(LabellingQueue queue, String imagePrefix) {
        List<Object> tasks = new ArrayList<>();
        for (LabellingQueue.QueuedFrame f : queue.frames()) {
            List<Object> result = new ArrayList<>();
            int n = 0;
            for (LabellingQueue.Region r : f.regions()) {
                if (r.shape() == LabellingQueue.Shape.SUPERPIXEL) {
                    for (int[][] loop : MaskPolygons.trace(r.mask(), f.width(), f.height())) {
                        List<Object> points = new ArrayList<>();
                        for (int[] v : loop) {
                            points.add(List.of(pct(v[0], f.width()), pct(v[1], f.height())));
                        }
                        Map<String, Object> value = new LinkedHashMap<>();
                        value.put("points", points);
                        value.put("polygonlabels", List.of(LABEL));
                        result.add(item("r" + n++, "queue_polygon", "polygonlabels", f, value));
                    }
                } else {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("x", pct(r.x0(), f.width()));
                    value.put("y", pct(r.y0(), f.height()));
                    value.put("width", pct(r.x1() - r.x0(), f.width()));
                    value.put("height", pct(r.y1() - r.y0(), f.height()));
                    value.put("rotation", 0);
                    value.put("rectanglelabels", List.of(LABEL));
                    result.add(item("r" + n++, "queue_rectangle", "rectanglelabels", f, value));
                }
            }
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("model_version", "activeseg " + queue.strategy() + " seed " + queue.seed() + " round "
                    + queue.round());
            prediction.put("result", result);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("image", imagePrefix + f.image());
            data.put("frame", f.frameId());
            data.put("pixels_to_label", f.toLabel().cardinality());
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("data", data);
            task.put("predictions", List.of(prediction));
            tasks.add(task);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tasks.json", Json.write(tasks).getBytes(StandardCharsets.UTF_8));
        files.put("labelstudio-config.xml", ("""
                <View>
                  <Image name="image" value="$image"/>
                  <RectangleLabels name="queue_rectangle" toName="image"><Label value="%s"/></RectangleLabels>
                  <PolygonLabels name="queue_polygon" toName="image"><Label value="%s"/></PolygonLabels>
                </View>
                """.formatted(LABEL, LABEL)).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static Map<String, Object> item(String id, String fromName, String type, LabellingQueue.QueuedFrame f,
                                            Map<String, Object> value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("from_name", fromName);
        m.put("to_name", "image");
        m.put("type", type);
        m.put("original_width", f.width());
        m.put("original_height", f.height());
        m.put("image_rotation", 0);
        m.put("value", value);
        return m;
    }

    private static double pct(int v, int size) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6f", 100.0 * v / size));
    }
}
