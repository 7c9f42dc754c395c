#!/usr/bin/env bash
# The glmnet race: for each data set × α × standardization, sparsereg and R's
# glmnet fit the same path (glmnet's default λ grid) in one run, alternating,
# and one independent checker judges both (bench/race_glmnet.R); then a
# markdown table, a CSV and an SVG/PNG figure (bench/race_report.py).
#
#   bench/race.sh [--quick] [--out DIR] [--only REGEX] [--force] [--repeats N]
#                 [--threads N] [--build DIR] [--datasets DIR] [--list] [--report-only]
#
#   --quick        a handful of small sets, α 1, standardized (about 2 minutes)
#   --out DIR      results folder (default results/race); each case leaves
#                  DIR/cases/NAME.{json,lambda.csv,log,...}; the report is
#                  DIR/race.{md,csv,svg,png} (DIR/race_quick.* with --quick)
#   --only REGEX   run only the cases whose name matches (grep -E), e.g.
#                  --only '^a9a_' or --only '_a0.5_raw$'
#   --force        rerun cases already done (by default a case with a
#                  DIR/cases/NAME.json is kept: the race resumes where it was)
#   --repeats N    timed rounds per case (default 3; medians reported)
#   --threads N    sparsereg's threads (default 0: all cores; glmnet has one)
#   --build DIR    the CMake build folder (default build; configured as
#                  Release and built here when needed)
#   --datasets DIR where the *.svm.xz sets are (default ../shared/datasets,
#                  then datasets/)
#   --list         print the case names and exit
#   --report-only  rebuild the report from the cases done
#
# The full race ends with news20's path on 1 thread and on all cores
# (DIR/scaling.csv), which the report quotes.
#
# Case names are SET_aALPHA_std|raw, e.g. a9a_a0.5_raw. Needs R with glmnet
# and Matrix (installed with apt-get when missing), python3, rsvg-convert
# (librsvg2-bin, installed when missing) and /usr/bin/time.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

quick=0 out="" only="" force=0 repeats=3 threads=0 build="build" datasets="" list=0 report_only=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1 ;;
        --out) out="$2"; shift ;;
        --only) only="$2"; shift ;;
        --force) force=1 ;;
        --repeats) repeats="$2"; shift ;;
        --threads) threads="$2"; shift ;;
        --build) build="$2"; shift ;;
        --datasets) datasets="$2"; shift ;;
        --list) list=1 ;;
        --report-only) report_only=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "race.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
out="${out:-results/race}"
if [[ -z "$datasets" ]]; then
    datasets="$repo/../shared/datasets"
    [[ -d "$datasets" ]] || datasets="$repo/datasets"
fi

# The cases, smallest first so a partial run has results early.
binomial_sets=(spambase lung_gordon bladder_cancer rcv1_vw_small_train finefoods_tfidf_train
               w8a a9a snp_hapmap_chr10_forexercise news20_bydate_tfidf_bigram_train)
gaussian_sets=(diabetes bloodbrain_logbbb gasoline_nir_octane)
if [[ $quick -eq 1 ]]; then
    sets=(heart_scale sonar diabetes prostate_lpsa rcv1_vw_small_train)
    alphas=(1)
    standardizations=(std)
    report_name=race_quick
else
    sets=(diabetes bloodbrain_logbbb gasoline_nir_octane "${binomial_sets[@]}")
    alphas=(1 0.5)
    standardizations=(std raw)
    report_name=race
fi

data_file() {  # the set's file, in --datasets or else in datasets/
    local d f
    for d in "$datasets" "$repo/datasets"; do
        for f in "$d/$1.binary.svm.xz" "$d/$1.regression.svm.xz"; do
            [[ -f "$f" ]] && { echo "$f"; return 0; }
        done
    done
    echo "race.sh: no $1.{binary,regression}.svm.xz in $datasets or $repo/datasets" >&2
    return 1
}

cases=()      # every case of this mode (the report's rows)
selected=()   # the ones to run now
for set in "${sets[@]}"; do
    for alpha in "${alphas[@]}"; do
        for s in "${standardizations[@]}"; do
            name="${set}_a${alpha}_${s}"
            cases+=("$name")
            if [[ -z "$only" ]] || grep -Eq -- "$only" <<<"$name"; then selected+=("$name"); fi
        done
    done
done
if [[ $list -eq 1 ]]; then printf '%s\n' "${selected[@]}"; exit 0; fi

# ---------------------------------------------------------------------------
# Tools
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v Rscript > /dev/null || ! Rscript -e 'library(glmnet); library(Matrix)' > /dev/null 2>&1; then
    echo "race.sh: installing R, glmnet and Matrix (apt-get)"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q r-base-core r-cran-glmnet r-cran-matrix
fi
if ! command -v rsvg-convert > /dev/null; then
    echo "race.sh: installing rsvg-convert (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q librsvg2-bin
fi
[[ -x /usr/bin/time ]] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q time

mkdir -p "$out/cases"
if [[ $report_only -eq 0 ]]; then
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
        cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release > "$out/cmake.log"
    else
        cmake -S "$repo" -B "$build" > "$out/cmake.log"  # picks up race_fit in an older build
    fi
    grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
        echo "race.sh: warning: $build is not a Release build; its times mean little" >&2
    cmake --build "$build" --target sparsereg_cli race_fit -j"$(nproc)" > "$out/build.log" ||
        { tail -30 "$out/build.log" >&2; exit 1; }
    race_fit="$(cd "$build" && pwd)/bench/race_fit"
    sparsereg="$(cd "$build" && pwd)/sparsereg"

    failed=()
    start=$SECONDS
    for name in "${selected[@]}"; do
        prefix="$out/cases/$name"
        if [[ $force -eq 0 && -f "$prefix.json" ]]; then
            echo "== $name: done before (--force reruns it)"
            continue
        fi
        set="${name%_a*}"
        rest="${name##*_a}"           # ALPHA_std|raw
        alpha="${rest%_*}"
        file="$(data_file "$set")"
        family=binomial
        [[ "$file" == *.regression.svm.xz ]] && family=gaussian
        std_flag=()
        [[ "$rest" == *_raw ]] && std_flag=(--no-standardize)
        echo "== $name ($family, alpha $alpha, ${rest##*_})"
        if Rscript bench/race_glmnet.R --data "$file" --family "$family" --alpha "$alpha" \
                "${std_flag[@]}" --name "$name" --repeats "$repeats" --threads "$threads" \
                --race-fit "$race_fit" --sparsereg "$sparsereg" --out "$prefix" \
                2>&1 | tee "$prefix.log"; then
            [[ -f "$prefix.json" ]] || failed+=("$name")
        else
            failed+=("$name")
        fi
    done
    echo "== ran ${#selected[@]} case(s) in $((SECONDS - start)) s"

    # Thread scaling, in the same run: news20's path (α 1, standardized)
    # by race_fit on 1 thread and on all cores, alternating, each --repeats
    # times; the report quotes the medians (OUT/scaling.csv).
    scaling_case=news20_bydate_tfidf_bigram_train_a1_std
    scaling_prefix="$out/cases/$scaling_case"
    if [[ $quick -eq 0 && -f "$scaling_prefix.json" ]] &&
       { [[ ${selected[*]} == *"$scaling_case"* ]] || [[ ! -f "$out/scaling.csv" ]]; }; then
        echo "== thread scaling on $scaling_case"
        cores=$(nproc)
        [[ $threads -gt 0 ]] && cores=$threads
        echo "threads,fit_seconds" > "$out/scaling.csv"
        for ((r = 0; r < repeats; ++r)); do
            for t in 1 "$cores"; do
                "$race_fit" --data "$(data_file news20_bydate_tfidf_bigram_train)" \
                    --labels "$scaling_prefix.y.txt" --lambdas "$scaling_prefix.lambdas.txt" \
                    --family binomial --threads "$t" --repeats 1 --out "$out/scaling" |
                    /usr/bin/python3 -c 'import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if "fit_seconds" in d: print(sys.argv[1] + "," + str(d["fit_seconds"]))' "$t" >> "$out/scaling.csv"
            done
        done
        cat "$out/scaling.csv"
    fi
fi

/usr/bin/python3 bench/race_report.py --out "$out" --name "$report_name" "${cases[@]}"
if [[ ${failed[@]+set} && ${#failed[@]} -gt 0 ]]; then
    echo "race.sh: failed: ${failed[*]} (see $out/cases/NAME.log)" >&2
    exit 1
fi
