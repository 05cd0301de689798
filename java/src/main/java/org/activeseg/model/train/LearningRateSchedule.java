package org.activeseg.model.train;

/**
 * The base learning rate as a function of a step counter (iterations or epochs, as the caller
 * counts; the counter starts at 0). Optimisers multiply it by each group's factor.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    double lr(long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double lr) {
        requireRate(lr);
        return step -> lr;
    }

    /**
     * {@code torch.optim.lr_scheduler.MultiStepLR}: {@code base * gamma^k} where k is the number of
     * milestones {@code <= step}.
     */
    static LearningRateSchedule multiStep(double base, long[] milestones, double gamma) {
        requireRate(base);
        long[] ms = milestones.clone();
        for (int i = 0; i < ms.length; i++) {
            if (ms[i] < 0 || (i > 0 && ms[i] <= ms[i - 1])) {
                throw new IllegalArgumentException("milestones must be >= 0 and strictly increasing, got "
                        + java.util.Arrays.toString(milestones));
            }
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
        }
        return step -> {
            int k = 0;
            while (k < ms.length && ms[k] <= step) {
                k++;
            }
            return base * Math.pow(gamma, k);
        };
    }

    /**
     * DeepLab's poly rate, as ViewAL's LR_Scheduler('poly'): {@code base * (1 - step / maxSteps)^power},
     * 0 from {@code maxSteps} on.
     */
    static LearningRateSchedule poly(double base, long maxSteps, double power) {
        requireRate(base);
        if (maxSteps <= 0 || !(power >= 0)) {
            throw new IllegalArgumentException("poly schedule needs maxSteps > 0 and power >= 0, got " + maxSteps
                    + ", " + power);
        }
        return step -> step >= maxSteps ? 0.0 : base * Math.pow(1.0 - (double) step / maxSteps, power);
    }

    /**
     * Linear warm-up in front of {@code after}: the rate is {@code after.lr(step)} scaled by a factor
     * rising linearly from {@code startFactor} at step 0 to 1 at {@code warmupSteps} (as
     * {@code torch.optim.lr_scheduler.LinearLR}), unscaled from there on.
     */
    static LearningRateSchedule warmup(LearningRateSchedule after, long warmupSteps, double startFactor) {
        if (warmupSteps < 0 || !(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("warm-up needs steps >= 0 and a start factor in [0, 1], got "
                    + warmupSteps + ", " + startFactor);
        }
        return step -> {
            double r = after.lr(step);
            if (step >= warmupSteps) {
                return r;
            }
            return r * (startFactor + (1.0 - startFactor) * step / warmupSteps);
        };
    }

    private static void requireRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }
}
