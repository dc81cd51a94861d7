#!/usr/bin/env bash
# Tried 2026-12-06 and not adopted: changes to how ThroughputMaximize sets its budget, aimed at the
# probing above 3 % of the planned training on the tune benchmark's short workloads.
# experiment.patch (on 8f2e6ab) puts each change behind a system property:
#   exp.a  plan the training at the fastest window seen, not the fastest size's median
#   exp.b  give back only the first measurement's warm-up beyond its settled pace (not all of it)
#   exp.c  hold the coarse scan's budget extensions to 1.2x the budget (3 % at the default 2.5 %)
#          instead of 2x
#   exp.d  one warm-up step, not two, for every measurement after the first
#   exp.e  scale the planned training by the probes' pace after the first measurement only, so the
#          CPU waits of the search's start (compiler and collector threads) do not inflate it
# Defaults in the patch: a, c true; b, d, e false. X0 below is the committed behaviour (all false)
# under the tune benchmark's Budget.DEFAULT: the patch's warm-up refund with b false differs from
# 8f2e6ab's only for a budget without a floor (8f2e6ab refunds nothing there), which tune never uses.
#
# 1. Real machine (AMD EPYC, 2 CPUs, nothing else running, 16:18-16:27 UTC): results.txt, one line
#    per search: arm, workload, round, pick, the run's own best grid size (3 referee rounds, no
#    confirming rounds: the best is noisy, so read the pick against the committed run's best, 512
#    on both), ratio, probing % of the planned training, probing seconds. Each search in a fresh JVM
#    after the benchmark's warm-up, arms in shuffled order within each of 5 rounds:
#      X0 = -Dexp.a=false -Dexp.c=false -Dexp.e=false     X1 = -Dexp.a=true -Dexp.c=true -Dexp.e=true
#      java -Xmx3g $ARM -jar samples/target/trainer4j-samples.jar tune --workloads tiny|loading \
#        --strategies tm --rounds 3 --confirm-rounds 0 --out DIR
#    results-loaded.txt: the same for X0 alone on the loaded tiny and loading-bound workloads
#    (16:49-17:01 UTC, `tune --background-load --workloads tiny+load|loading+load`, five rounds).
# 2. Simulations (ThroughputMaximizeMeasuredCurvesTest's curves and conditions, 60 seeds each, with
#    the loaded loading-bound curve added): CurvesReportTmp in the patch prints each condition's
#    ratio quantiles, picks more than 5 % off and probing quantiles to target/curves-report.txt:
#      mvn -o test -pl extensions -Dtest=CurvesReportTmp "-Dtrainer4j.test.jvmArgs=-Xmx2g FLAGS"
#    curves-base.txt: 8f2e6ab with only CurvesReportTmp added; curves-A.txt: a; curves-B.txt: b;
#    curves-C.txt: c; curves-BD.txt: b, d; curves-abcd.txt: a, b, c, d; curves-X1.txt: a, c, e
#    (each with the other switches false).
set -euo pipefail
echo "a record, not a script to rerun as is: apply experiment.patch to 8f2e6ab first" >&2
exit 1
