// Pad (constant value), slice and tile of up-to-4-D float32 arrays, by contiguous rows of the last
// axis: the pads around pad-aware BN, the splits of grouped convolutions, the tiled kernels of
// online re-parameterization, and their gradients.
#include <algorithm>
#include <cstring>
#include "common.h"

namespace reparam {
namespace {

// Below this many elements a copy runs on one thread: waking the (passively waiting) OpenMP team
// costs more than copying a kernel-sized tensor, which online re-parameterization does hundreds of
// times a step.
constexpr int64_t kCopyParallelMin = 262144;

struct Dims4 {
  int64_t d[4];
};

// Right-aligns up to 4 values to 4-D, filling the missing leading axes with `fill`: 1 for a shape,
// 0 for a start position (slice begin, pad before).
Dims4 align4(const Napi::Value& v, int64_t fill) {
  auto a = v.As<Napi::Array>();
  Dims4 r{{fill, fill, fill, fill}};
  uint32_t n = a.Length();
  for (uint32_t i = 0; i < n; i++) r.d[4 - n + i] = a.Get(i).As<Napi::Number>().Int64Value();
  return r;
}

Dims4 dims4(const Napi::Value& v) { return align4(v, 1); }
Dims4 begin4(const Napi::Value& v) { return align4(v, 0); }

// slice4(x, xShape, begin, out, outShape): out = x[begin : begin + outShape].
Napi::Value Slice(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  Dims4 xs = dims4(info[1]), b = begin4(info[2]);
  float* out = f32(info[3]);
  Dims4 os = dims4(info[4]);
  int64_t rows = os.d[0] * os.d[1] * os.d[2];
  size_t bytes = static_cast<size_t>(os.d[3]) * sizeof(float);
#pragma omp parallel for schedule(static) if (rows * os.d[3] >= kCopyParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    int64_t i2 = r % os.d[2], i1 = (r / os.d[2]) % os.d[1], i0 = r / (os.d[2] * os.d[1]);
    const float* src = x + (((i0 + b.d[0]) * xs.d[1] + (i1 + b.d[1])) * xs.d[2] + (i2 + b.d[2])) * xs.d[3] + b.d[3];
    std::memcpy(out + r * os.d[3], src, bytes);
  }
  });
}

// pad4(x, xShape, before, out, outShape, value): out = value everywhere, x placed at `before`.
Napi::Value Pad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  Dims4 xs = dims4(info[1]), b = begin4(info[2]);
  float* out = f32(info[3]);
  Dims4 os = dims4(info[4]);
  float value = static_cast<float>(info[5].As<Napi::Number>().DoubleValue());
  int64_t total = os.d[0] * os.d[1] * os.d[2] * os.d[3];
  if (value == 0.f) std::memset(out, 0, static_cast<size_t>(total) * sizeof(float));
  else std::fill(out, out + total, value);
  int64_t rows = xs.d[0] * xs.d[1] * xs.d[2];
  size_t bytes = static_cast<size_t>(xs.d[3]) * sizeof(float);
#pragma omp parallel for schedule(static) if (rows * xs.d[3] >= kCopyParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    int64_t i2 = r % xs.d[2], i1 = (r / xs.d[2]) % xs.d[1], i0 = r / (xs.d[2] * xs.d[1]);
    float* dst = out + (((i0 + b.d[0]) * os.d[1] + (i1 + b.d[1])) * os.d[2] + (i2 + b.d[2])) * os.d[3] + b.d[3];
    std::memcpy(dst, x + r * xs.d[3], bytes);
  }
  });
}

// tile4(x, xShape, out, outShape): out[i] = x[i mod xShape] (every output axis a multiple of x's).
Napi::Value Tile(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  Dims4 xs = dims4(info[1]);
  float* out = f32(info[2]);
  Dims4 os = dims4(info[3]);
  int64_t rows = os.d[0] * os.d[1] * os.d[2];
  int64_t reps = os.d[3] / xs.d[3];
  size_t bytes = static_cast<size_t>(xs.d[3]) * sizeof(float);
#pragma omp parallel for schedule(static) if (rows * os.d[3] >= kCopyParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    int64_t i2 = r % os.d[2], i1 = (r / os.d[2]) % os.d[1], i0 = r / (os.d[2] * os.d[1]);
    const float* src = x + (((i0 % xs.d[0]) * xs.d[1] + (i1 % xs.d[1])) * xs.d[2] + (i2 % xs.d[2])) * xs.d[3];
    for (int64_t j = 0; j < reps; j++) std::memcpy(out + r * os.d[3] + j * xs.d[3], src, bytes);
  }
  });
}

}  // namespace

void registerCopy(Napi::Env env, Napi::Object exports) {
  exports.Set("tile4", Napi::Function::New(env, Tile));
  exports.Set("slice4", Napi::Function::New(env, Slice));
  exports.Set("pad4", Napi::Function::New(env, Pad));
}

}  // namespace reparam
