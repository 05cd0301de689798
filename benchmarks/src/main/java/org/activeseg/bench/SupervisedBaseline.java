package org.activeseg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.activeseg.data.Frame;
import org.activeseg.data.Nyu40;
import org.activeseg.data.synthetic.SyntheticConfig;
import org.activeseg.data.synthetic.SyntheticDataset;
import org.activeseg.data.synthetic.SyntheticGenerator;
import org.activeseg.model.augment.ImageNormalization;
import org.activeseg.model.augment.TrainingSample;
import org.activeseg.model.net.ConfusionMatrix;
import org.activeseg.model.net.NetworkConfig;
import org.activeseg.model.net.SegmentationInference;
import org.activeseg.model.net.SegmentationNetwork;
import org.activeseg.model.net.SegmentationTrainer;
import org.activeseg.model.net.TrainingConfig;

/**
 * The fully supervised reference of the main job, on its own, to find out how well the network
 * learns the synthetic set: generates the dataset in memory, trains on every labelled
 * pixel of the train split as `activeseg run` does (batch 8, SGD at ActiveLearningRun.LEARNING_RATE, momentum 0.9, poly 0.9,
 * ViewAL's augmentation), and prints train and test mIoU, pixel accuracy and per-class IoU with each
 * class's pixel share in train and test. Deterministic for its arguments.
 *
 * <p>Usage: {@code SupervisedBaseline SCENES FRAMES WxH WIDTH STEPS [SEED [LR]]} (LR: SGD's base learning rate, default the loop's)
 */
public final class SupervisedBaseline {
    private SupervisedBaseline() {}

    public static void main(String[] args) {
        int scenes = Integer.parseInt(args[0]);
        int frames = Integer.parseInt(args[1]);
        String[] wh = args[2].split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        int width = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
        double lr = args.length > 6 ? Double.parseDouble(args[6]) : org.activeseg.loop.ActiveLearningRun.LEARNING_RATE;
        long t0 = System.nanoTime();
        SyntheticDataset data = new SyntheticGenerator(SyntheticConfig.defaults().withScenes(scenes, frames).withSize(w, h)
                .withSeed(seed)).generate();
        Map<String, Frame> byId = data.frames().stream().collect(Collectors.toMap(Frame::id, Function.identity()));
        List<Frame> train = data.splits().train().stream().map(byId::get).toList();
        List<Frame> test = data.splits().test().stream().map(byId::get).toList();
        double genSeconds = (System.nanoTime() - t0) / 1e9;

        List<TrainingSample> samples = new ArrayList<>();
        for (Frame f : train) {
            samples.add(new TrainingSample(3, f.width(), f.height(),
                    ImageNormalization.IMAGENET.image(f.rgb(), f.width(), f.height()), f.labels().clone()));
        }
        int batch = 8;
        int batches = Math.max(1, (samples.size() + batch - 1) / batch);
        int epochs = Math.max(1, (steps + batches - 1) / batches);
        SegmentationNetwork net = new SegmentationNetwork(new NetworkConfig(Nyu40.NAMES.size(), width,
                new int[] {1, 2, 2, 2}, 4, new int[] {2, 4}, 0.25, seed * 31 + 7));
        TrainingConfig tc = new TrainingConfig(epochs, batch, w, h, true, lr, 0.9, 1e-4, 0.9, seed * 17 + 3);
        SegmentationTrainer.Report r = new SegmentationTrainer(net, tc).train(samples, (e, loss, s) -> { });
        SegmentationInference inference = new SegmentationInference(net, ImageNormalization.IMAGENET, batch);
        ConfusionMatrix trainM = inference.evaluate(train);
        ConfusionMatrix testM = inference.evaluate(test);
        System.out.printf("synthetic %d rooms x %d frames at %dx%d (train %d frames, test %d), width %d, %d steps (%d epochs), lr %s%n",
                scenes, frames, w, h, train.size(), test.size(), width, r.steps(), epochs, lr);
        System.out.printf("generate %.1f s, train %.1f s, final loss %.3f%n", genSeconds, r.seconds(), r.finalLoss());
        System.out.printf("train: mIoU %.4f, pixel accuracy %.4f%n", trainM.meanIou(), trainM.pixelAccuracy());
        System.out.printf("test:  mIoU %.4f, pixel accuracy %.4f%n", testM.meanIou(), testM.pixelAccuracy());
        double[] trainIou = trainM.classIou();
        double[] testIou = testM.classIou();
        long trainTotal = trainM.total();
        long testTotal = testM.total();
        System.out.println("class | train px % | test px % | train IoU | test IoU");
        for (int c = 0; c < trainIou.length; c++) {
            long trainPx = rowSum(trainM, c);
            long testPx = rowSum(testM, c);
            if (trainPx == 0 && testPx == 0) {
                continue;
            }
            System.out.printf("%-16s | %5.2f | %5.2f | %.3f | %.3f%n", Nyu40.NAMES.get(c), 100.0 * trainPx / trainTotal,
                    100.0 * testPx / testTotal, trainIou[c], testIou[c]);
        }
    }

    private static long rowSum(ConfusionMatrix m, int truth) {
        long s = 0;
        for (int p = 0; p < m.classes(); p++) {
            s += m.count(truth, p);
        }
        return s;
    }
}
