package org.trainer4j.samples.tuning;

import java.util.function.Supplier;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.model.Model;

/**
 * One benchmark case: a model (a fresh, identically initialized instance per use) and its training
 * data.
 *
 * @param name e.g. {@code mlp-fashion-mnist}
 * @param model builds a new model; every call gives the same initial parameters
 * @param data the training set; its size is the epoch length
 * @param notes what the data really is (synthetic stand-ins say so)
 */
public record TuneWorkload(String name, Supplier<Model> model, Dataset data, String notes) {}
