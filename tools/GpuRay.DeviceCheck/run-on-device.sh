#!/usr/bin/env bash
# Runs on a GPU machine without the .NET SDK, from the repository root, after
#   dotnet publish tools/GpuRay.DeviceCheck -c Release -p:DeviceCheckPublish=true -o publish/device
# has been run on a machine with it. Writes its logs and figures under $OUT (default: ./device-out).
# Arguments: the steps to run (devices cuda-tests bench-pi bench-images all-tests cuda-fault-test); none: all.
set -u
OUT=${OUT:-device-out}
mkdir -p "$OUT"
check=publish/device/gpuray-device-check
chmod +x "$check"

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1 | tee "$OUT/gpu.txt"

# ILGPU asks the loader for libcuda.so; driver installs often carry only libcuda.so.1.
lib=$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')
[ -n "$lib" ] || lib=$(find / -xdev -name 'libcuda.so.1' 2>/dev/null | head -1)
mkdir -p /tmp/gpuray-cudalib
[ -n "$lib" ] && ln -sf "$lib" /tmp/gpuray-cudalib/libcuda.so
export LD_LIBRARY_PATH=/tmp/gpuray-cudalib:${LD_LIBRARY_PATH:-}
export GPURAY_DATA=/tmp/gpuray-data DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp/gpuray-bundle
echo "libcuda: ${lib:-not found}" | tee -a "$OUT/gpu.txt"

wanted=" $* "
step() {
  local name=$1 limit=$2; shift 2
  [ "$wanted" = "  " ] || [[ "$wanted" == *" $name "* ]] || return 0
  echo "== $name"; timeout "$limit" "$check" "$@" 2>&1 | tee "$OUT/$name.txt"; echo "== $name: exit ${PIPESTATUS[0]}"
}

step devices 60 gpuray devices --device cuda
step cuda-tests 120 tests Cuda --exclude CudaProcessFault
step bench-pi 120 gpuray bench pi --device cuda --tasks 16 --samples 250000000 --json "$OUT/pi.json"
step bench-images 180 gpuray bench images --device cuda --json "$OUT/images.json"
step all-tests 120 tests --exclude CudaProcessFault
# Last and alone: CUDA's illegal address poisons the process it happens in.
step cuda-fault-test 60 tests CudaProcessFault
