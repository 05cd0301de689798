/**
 * Semi-supervised training losses (ALGORITHMS.md sections 3 and 5(a)): RIPU's negative learning on
 * unlabelled pixels and its local consistency on labelled boundaries. They compute a loss and its
 * gradient with respect to the logits, as {@link org.activeseg.model.layers.SoftmaxCrossEntropy} does;
 * the training loop does not use them yet (`activeseg run --semi` is still to come).
 */
package org.activeseg.model.semi;
