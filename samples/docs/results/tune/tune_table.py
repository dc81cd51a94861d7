"""What rescore.py and merge.py both write from a list of tune results: the markdown table's rows
and the headline, the upper end of ThroughputMaximize's worst interval."""


def rows(results, last_header):
    """The table's header and one row per result; the last column is the ratio from the anchor
    passes where the result has one, under the heading last_header."""
    out = ["| workload | strategy | init -> bs | loops | stop | probe [s] | probe/planned"
           " | probe/epoch | epoch/best [interval] | coverage | tie | %s |" % last_header,
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lo, hi = r["ratio_interval"]
        anchored = r.get("ratio_from_anchor_passes")
        out.append("| %s | %s | %d -> %d | %d | %s | %.2f | %.1f%% | %.1f%% | %.3f [%.3f, %.3f] | %.1f%% | %s | %s |" % (
            r["workload"], r["strategy"], r["initial"], r["chosen"], r["loops"], r["stop_reason"],
            r["probe_seconds"], 100 * r["probe_fraction_of_planned_training"],
            100 * r["probe_fraction_of_epoch"], r["ratio_to_best"], lo, hi,
            100 * r["ratio_interval_coverage"], "tie" if r["tie"] else "",
            "%.3f [%.3f, %.3f]" % tuple(anchored) if anchored else ""))
    return out


def worst_ratio(results):
    """tuner_worst_ratio_to_best: the highest upper end over ThroughputMaximize's rows."""
    return max(r["ratio_interval"][1] for r in results if r["strategy"] == "ThroughputMaximize")
