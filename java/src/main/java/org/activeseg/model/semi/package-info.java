/**
 * Semi-supervised training (ALGORITHMS.md sections 3 and 5(a)), run by {@link
 * org.activeseg.model.net.SegmentationTrainer} through {@link org.activeseg.model.semi.SemiSupervision}
 * (modes by name in {@link org.activeseg.model.semi.SemiModes}, {@code activeseg run --semi}):
 * <ul>
 * <li>RIPU ({@link org.activeseg.model.semi.RipuSemiSupervision}, a two-pass mode): negative learning on
 *     unlabelled pixels and local consistency on labelled boundaries, as losses with their gradients
 *     with respect to the logits;</li>
 * <li>U2PL ({@link org.activeseg.model.semi.U2plTraining}): the EMA teacher, pseudo-labels filtered by
 *     the entropy percentile schedule ({@link org.activeseg.model.semi.U2plUnsupervisedLoss}), CutMix
 *     ({@link org.activeseg.model.semi.U2plCutMix}), the contrastive loss ({@link
 *     org.activeseg.model.semi.U2plContrastiveLoss}) on a {@link org.activeseg.model.semi.RepresentationHead}
 *     with per-class {@link org.activeseg.model.semi.MemoryBank}s; masks and negatives come from the
 *     scorer's {@link org.activeseg.acquisition.u2pl.ReliabilitySplit}.</li>
 * </ul>
 * benchmarks/python/ripu_losses.py and u2pl_losses.py restate the losses in numpy; the tests compare.
 */
package org.activeseg.model.semi;
