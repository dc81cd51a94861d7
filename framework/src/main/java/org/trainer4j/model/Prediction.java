package org.trainer4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one forward pass over a batch gives: the loss and the network's output, so that metrics read
 * the same activations the loss came from.
 *
 * @param loss the batch's mean loss (DL4J's score, regularization included)
 * @param output the network's output, one row per example
 */
public record Prediction(double loss, INDArray output) {}
