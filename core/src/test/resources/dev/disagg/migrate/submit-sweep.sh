#!/bin/bash
# Disaggregated serving sweep, old flow: one sbatch per (model, gen configuration).
# Written the way these scripts usually are: parallel arrays walked by index,
# case on the gen parallelism, if on mtp, a helper function for the sbatch call.
set -euo pipefail

readonly partition=gb200
readonly account=perf_trtllm
workdir=/lustre/share/disagg_acc
gpus_per_node=4 # GB200: 4 GPUs per node
isl=1024
osl=1024

ctx_tp=4
ctx_batch=4
ctx_max_tokens=4480

# one column per run
declare -a gen_tps=(8 8 16 16 32)
gen_batches=(128 512 64 256 32)
mtps=(0 3 1 0 0)
eplbs=(0 0 256 256 288)
gen_attention_dp=(true true true false true)

max_nodes=8

submit_job() {
    local nodes=$1
    sbatch --nodes=$nodes \
        --ntasks=$((nodes * gpus_per_node)) \
        --ntasks-per-node=$gpus_per_node \
        --partition=$partition \
        --account=$account \
        --job-name="disagg-${model}-${isl}-${osl}" \
        --segment=$nodes \
        $workdir/disaggr_torch.slurm "${args[@]}"
}

for model in DeepSeek-R1-FP4 DeepSeek-V3-Lite; do
    case $model in
        *R1*) ctx_capacity=5500 ;;
        *)    ctx_capacity=2048 ;;
    esac

    echo "submitting ${#gen_tps[@]} runs of ${model}"
    for idx in "${!gen_tps[@]}"; do
        tp=${gen_tps[$idx]}
        batch=${gen_batches[$idx]}
        mtp=${mtps[$idx]}
        eplb=${eplbs[idx]}
        dp=${gen_attention_dp[$idx]}

        # gen nodes for each gen parallelism
        case $tp in
            8)  gen_nodes=2 ;;
            16) gen_nodes=4 ;;
            32) gen_nodes=8 ;;
            *)  echo "unknown gen tp $tp" >&2; exit 1 ;;
        esac

        if [ "$dp" = "true" ]; then
            concurrency=$((batch * tp))
        else
            concurrency=$batch
        fi

        gen_max_tokens=$batch
        if [ "$mtp" -gt 0 ]; then
            gen_max_tokens=$((batch * 2))
        fi

        if [[ $tp -ge 16 && $eplb -eq 0 ]]; then
            mem_fraction=0.7
        else
            mem_fraction=0.8
        fi

        ctx_num=$(( (concurrency + ctx_capacity - 1) / ctx_capacity ))
        total_nodes=$((ctx_num + gen_nodes))
        if (( total_nodes > max_nodes )); then
            echo "skip ${model} tp${tp}: ${total_nodes} nodes" >&2
            continue
        fi

        args=(
            $ctx_num $ctx_tp $ctx_batch $ctx_max_tokens true
            1 $tp $batch $gen_max_tokens $dp
            "$mem_fraction" $eplb $mtp $concurrency
        )
        submit_job $total_nodes
    done
done
