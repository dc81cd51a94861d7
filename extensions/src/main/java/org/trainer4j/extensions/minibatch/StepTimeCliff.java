package org.trainer4j.extensions.minibatch;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.trainer4j.extensions.minibatch.goodput.GoodputModel;
import org.trainer4j.extensions.minibatch.goodput.StepTime;
import org.trainer4j.extensions.minibatch.goodput.StepTimeModel;

/**
 * A step-time cliff training has measured, and the choice past it that it overrules. The step-time
 * line {@code t(B) = a + b B} cannot bend: where a size costs suddenly more per example (a cache or
 * memory cliff), the line through the sizes on both sides of it predicts a gain from moving past
 * it. Training's own steps measure what the line misses: an exploring run of the main job's CNN
 * (d11ba2a) timed 755 at 1.6x 418's time per example in training, yet the pick's check kept 755
 * (the line predicted 0.1 % more goodput from moving) and a trial went on to 1510; epochs 12-14
 * took 258-300 s against 178-200 s at 418, and the resident set grew to 19.3 GB.
 *
 * <p>So, among the sizes training has timed up to the chosen one, the one with the most measured
 * goodput ({@code B / t(B)} from training's step times, times the model's statistical efficiency at
 * {@code B}) is kept when training timed a larger one, no larger than the choice, past a cliff: the
 * best size's measured goodput is more than 1 + {@link GoodputChoice#MAX_RESIDUAL} times its, and
 * training's step there is more than that factor above the line fitted to all the sizes. Both,
 * because near the goodput argmax measured goodput alone differs that much for ordinary reasons:
 * with the first condition only, the exploring main job (97fbb05) went back from 128 to 64 in its
 * first minute (64 timed in 20 early steps at 0.194 s, 0.223 s later; 128 at 0.403 s; 18 % less
 * goodput) on a line that missed no step by more than 12 %. Training's times can be stale (timed
 * under a load that has gone): the check runs before {@link UndecidedTrial}, which tries such a
 * size once more when its time per example looks too slow to be true ({@link
 * UndecidedTrial#slowerPerExample}), so a cliff that was only a load costs one trial, and a true
 * cliff, timed again, is kept out. A choice between the best size and the cliff, which training has
 * not timed, is left to the line: where between them the cliff lies is unknown.
 */
final class StepTimeCliff {

  private StepTimeCliff() {}

  /** {@code search} itself, or the same choosing the size before a cliff training timed. */
  static GoodputSearch of(GoodputSearch search) {
    SearchResult r = search.result();
    Optional<GoodputModel> model = search.model();
    if (!r.succeeded() || model.isEmpty()) {
      return search;
    }
    int chosen = r.chosenBatchSize();
    List<StepTime> trained =
        search.stepTimes().stream()
            .filter(StepTime::fromTraining)
            .filter(p -> p.batchSize() <= chosen)
            .toList();
    if (trained.size() < 2) {
      return search;
    }
    GoodputModel m = model.get();
    StepTimeModel line = m.stepTime(); // the line the model, and so the choice, rests on
    StepTime best =
        trained.stream().max(Comparator.comparingDouble(p -> goodput(m, p))).orElseThrow();
    double limit = goodput(m, best) / (1 + GoodputChoice.MAX_RESIDUAL);
    Optional<StepTime> cliff =
        trained.stream()
            .filter(p -> p.batchSize() > best.batchSize() && goodput(m, p) < limit)
            .filter(
                p -> p.seconds() > (1 + GoodputChoice.MAX_RESIDUAL) * line.seconds(p.batchSize()))
            .findFirst();
    if (cliff.isEmpty()) { // a cliff lies above the best size and at most at the choice
      return search;
    }
    StepTime past = cliff.get();
    return search.withResult(
        r.choosing(
            best.batchSize(),
            r.stopReason(),
            String.format(
                "kept %d, the size training measured most goodput at: training timed %d at %.0f %%"
                    + " less (%.4g s a step against %.4g s), %.0f %% above the step-time line, a"
                    + " cliff the line cannot bend to, and %d lies past it; %s",
                best.batchSize(),
                past.batchSize(),
                100 * (1 - goodput(m, past) / goodput(m, best)),
                past.seconds(),
                best.seconds(),
                100 * (past.seconds() / line.seconds(past.batchSize()) - 1),
                chosen,
                r.detail())));
  }

  /** Examples a second training measured at {@code p}, times the model's efficiency there. */
  static double goodput(GoodputModel model, StepTime p) {
    return p.batchSize() / p.seconds() * model.at(p.batchSize()).efficiency();
  }
}
