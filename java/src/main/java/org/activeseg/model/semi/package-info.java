/**
 * Semi-supervised training (ALGORITHMS.md sections 3 and 5(a)): RIPU's negative learning on
 * unlabelled pixels and its local consistency on labelled boundaries, as losses with their gradients
 * with respect to the logits, and {@link org.activeseg.model.semi.SemiSupervision}, the hook through
 * which {@link org.activeseg.model.net.SegmentationTrainer} runs them ({@code activeseg run --semi ripu},
 * modes in {@link org.activeseg.model.semi.SemiModes}). U2PL is still to come.
 */
package org.activeseg.model.semi;
