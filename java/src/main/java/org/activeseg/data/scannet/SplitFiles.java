package org.activeseg.data.scannet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activeseg.data.DatasetLayout;
import org.activeseg.data.Scene;
import org.activeseg.data.Splits;
import org.activeseg.data.io.AtomicFile;

/**
 * The split files splits/{train,val,test,seed}.txt of the dataset layout, and the default splits
 * used when there are none.
 *
 * <p>Files: one id a line, a frame id or a scene id (meaning all frames of that scene); blank lines
 * and '#' comments are ignored. When any split file exists, train.txt must exist; a missing val or
 * test file means an empty split, a missing seed file means the default seed below. Every split is
 * returned in dataset order (scene by scene, frame order), without duplicates. Unknown ids, a frame
 * in two of train/val/test, or a seed frame outside train are errors naming the file and the id.
 *
 * <p>Defaults (no split files), deterministic:
 * <ul>
 * <li>3 or more scenes: split by scene, in sorted scene order: the first ~60 % train, the next
 *     ~20 % val, the last ~20 % test, with val and test getting {@code max(1, round(0.2 n))} scenes each.
 * <li>Fewer scenes: split the frames of each scene by their position p in the scene: p % 5 == 2 is
 *     test, p % 5 == 4 is val (every 5th frame, offset by 2), the rest train. So the first frame of a
 *     scene is always train.
 * <li>Seed: the first train frame of every scene that has train frames.
 * </ul>
 */
public final class SplitFiles {
    private SplitFiles() {}

    /** Reads the split files when present, else returns {@link #defaults}. Scenes must be in dataset order. */
    public static Splits read(DatasetLayout layout, List<Scene> scenes) throws IOException {
        if (!present(layout)) {
            return defaults(scenes);
        }
        Path trainFile = layout.split("train");
        if (!Files.isRegularFile(trainFile)) {
            throw new IOException(layout.splitsDir() + ": split files present but " + trainFile.getFileName()
                    + " is missing");
        }
        Index index = new Index(layout, scenes);
        Map<String, List<String>> lists = new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (String name : List.of("train", "val", "test")) {
            Path file = layout.split(name);
            List<String> ids = Files.isRegularFile(file) ? index.resolve(file) : List.of();
            for (String id : ids) {
                String prev = owner.putIfAbsent(id, name);
                if (prev != null) {
                    throw new IOException(file + ": frame " + id + " is also in split '" + prev + "'");
                }
            }
            lists.put(name, ids);
        }
        Path seedFile = layout.split("seed");
        List<String> seed;
        if (Files.isRegularFile(seedFile)) {
            seed = index.resolve(seedFile);
            for (String id : seed) {
                if (!"train".equals(owner.get(id))) {
                    throw new IOException(seedFile + ": seed frame " + id + " is not in the train split");
                }
            }
        } else {
            seed = defaultSeed(scenes, Set.copyOf(lists.get("train")));
        }
        return new Splits(lists.get("train"), lists.get("val"), lists.get("test"), seed);
    }

    /** Whether the dataset has any split file (else {@link #read} returns the defaults). */
    public static boolean present(DatasetLayout layout) {
        for (String name : Splits.NAMES) {
            if (Files.exists(layout.split(name))) {
                return true;
            }
        }
        return false;
    }

    /** Which default rule {@link #defaults} applies to these scenes, in words, with the resulting sizes. */
    public static String describeDefaults(List<Scene> scenes) {
        Splits d = defaults(scenes);
        String sizes = d.train().size() + " train / " + d.val().size() + " val / " + d.test().size() + " test frames";
        return scenes.size() >= 3
                ? "by scene, " + sizes + " (the first ~60 % of the " + scenes.size() + " scenes by id train, then ~20 % val, ~20 % test)"
                : "by frame position in each of the " + scenes.size() + " scene(s), " + sizes
                        + " (every 5th frame from the 3rd test, from the 5th val, the rest train)";
    }

    /** The default splits described in the class comment. */
    public static Splits defaults(List<Scene> scenes) {
        List<String> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
        int n = scenes.size();
        if (n >= 3) {
            List<String> sorted = scenes.stream().map(Scene::id).sorted().toList();
            int held = Math.max(1, (int) Math.round(0.2 * n));
            Set<String> trainScenes = Set.copyOf(sorted.subList(0, n - 2 * held));
            Set<String> valScenes = Set.copyOf(sorted.subList(n - 2 * held, n - held));
            for (Scene s : scenes) {
                List<String> to = trainScenes.contains(s.id()) ? train : valScenes.contains(s.id()) ? val : test;
                to.addAll(s.frameIds());
            }
        } else {
            for (Scene s : scenes) {
                List<String> ids = s.frameIds();
                for (int p = 0; p < ids.size(); p++) {
                    (p % 5 == 2 ? test : p % 5 == 4 ? val : train).add(ids.get(p));
                }
            }
        }
        return new Splits(train, val, test, defaultSeed(scenes, Set.copyOf(train)));
    }

    private static List<String> defaultSeed(List<Scene> scenes, Set<String> train) {
        List<String> seed = new ArrayList<>();
        for (Scene s : scenes) {
            s.frameIds().stream().filter(train::contains).findFirst().ifPresent(seed::add);
        }
        return seed;
    }

    /** Writes the four split files (one frame id a line), each atomically, into {@code splitsDir}. */
    public static void write(Path splitsDir, Splits splits) throws IOException {
        for (String name : Splits.NAMES) {
            StringBuilder b = new StringBuilder();
            for (String id : splits.get(name)) {
                b.append(id).append('\n');
            }
            AtomicFile.write(splitsDir.resolve(name + ".txt"), b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Frame and scene ids of the dataset, resolving split file lines to frames in dataset order. */
    private static final class Index {
        final List<Scene> scenes;
        final Map<String, Integer> order = new HashMap<>();
        final Map<String, Scene> sceneById = new HashMap<>();
        final List<String> all = new ArrayList<>();
        final DatasetLayout layout;

        Index(DatasetLayout layout, List<Scene> scenes) {
            this.layout = layout;
            this.scenes = scenes;
            for (Scene s : scenes) {
                sceneById.put(s.id(), s);
                for (String f : s.frameIds()) {
                    order.put(f, all.size());
                    all.add(f);
                }
            }
        }

        List<String> resolve(Path file) throws IOException {
            Set<String> picked = new LinkedHashSet<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                int hash = line.indexOf('#');
                String id = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (id.isEmpty()) {
                    continue;
                }
                if (order.containsKey(id)) {
                    picked.add(id);
                } else if (sceneById.containsKey(id)) {
                    picked.addAll(sceneById.get(id).frameIds());
                } else {
                    throw new IOException(unknown(file, n + 1, id));
                }
            }
            return picked.stream().sorted((a, b) -> Integer.compare(order.get(a), order.get(b))).toList();
        }

        /**
         * The error for an id that is neither a frame nor a scene: frames are the images of color/,
         * so a frame whose colour image is missing but whose other files are there is named as such.
         */
        private String unknown(Path file, int line, String id) {
            List<String> present = new ArrayList<>();
            for (Path p : List.of(layout.depth(id), layout.label(id), layout.pose(id))) {
                if (Files.exists(p)) {
                    present.add(layout.root().relativize(p).toString());
                }
            }
            if (!present.isEmpty()) {
                return "frame " + id + " has no colour image (" + layout.colorDir().resolve(id + ".jpg") + " or .png is"
                        + " missing; " + String.join(", ", present) + " exist), and " + file + " line " + line + " lists it";
            }
            return file + ": line " + line + ": unknown frame or scene id '" + id + "'";
        }
    }
}
