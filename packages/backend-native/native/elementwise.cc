// Elementwise and reduction kernels over float32 arrays, parallel over both cores with OpenMP.
// Broadcasting is limited to the patterns training uses (equal shapes, a scalar, a per-channel
// vector over the last axis); the JS side falls back to tfjs's cpu kernels for anything else.
#include <algorithm>
#include <cmath>
#include "common.h"

namespace reparam {
namespace {

// Below this many elements thread start-up costs more than it saves.
constexpr int64_t kParallelMin = 32768;

enum Op { kAdd = 0, kSub = 1, kMul = 2, kDiv = 3, kSquaredDiff = 4, kMax = 5, kMin = 6 };
// How b (or a) repeats against the output: same shape, scalar, or a vector along the last axis.
enum Mode { kSame = 0, kBScalar = 1, kAScalar = 2, kBInner = 3, kAInner = 4 };

inline float apply(int op, float a, float b) {
  switch (op) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kMul: return a * b;
    case kDiv: return a / b;
    case kSquaredDiff: { float d = a - b; return d * d; }
    case kMax: return a > b ? a : b;
    default: return a < b ? a : b;
  }
}

// Loops take __restrict locals, not lambda captures: through a capture the compiler must assume
// `out` may alias the pointers themselves and reloads them every element (no vectorisation).
template <int OP>
void binaryTyped(const float* __restrict a, const float* __restrict b, float* __restrict out, int64_t n, int mode, int64_t inner) {
  switch (mode) {
    case kSame:
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
      for (int64_t i = 0; i < n; i++) out[i] = apply(OP, a[i], b[i]);
      break;
    case kBScalar: {
      const float s = b[0];
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
      for (int64_t i = 0; i < n; i++) out[i] = apply(OP, a[i], s);
      break;
    }
    case kAScalar: {
      const float s = a[0];
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
      for (int64_t i = 0; i < n; i++) out[i] = apply(OP, s, b[i]);
      break;
    }
    case kBInner: {
      const int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* __restrict ar = a + r * inner;
        float* __restrict o = out + r * inner;
#pragma omp simd
        for (int64_t c = 0; c < inner; c++) o[c] = apply(OP, ar[c], b[c]);
      }
      break;
    }
    default: {
      const int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* __restrict br = b + r * inner;
        float* __restrict o = out + r * inner;
#pragma omp simd
        for (int64_t c = 0; c < inner; c++) o[c] = apply(OP, a[c], br[c]);
      }
    }
  }
}

// binary(op, a, b, out, mode, inner)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  int op = static_cast<int>(i64(info[0]));
  const float* a = f32(info[1]);
  const float* b = f32(info[2]);
  float* out = f32(info[3]);
  int64_t n = static_cast<int64_t>(len(info[3]));
  int mode = static_cast<int>(i64(info[4]));
  int64_t inner = i64(info[5]);
  switch (op) {
    case kAdd: binaryTyped<kAdd>(a, b, out, n, mode, inner); break;
    case kSub: binaryTyped<kSub>(a, b, out, n, mode, inner); break;
    case kMul: binaryTyped<kMul>(a, b, out, n, mode, inner); break;
    case kDiv: binaryTyped<kDiv>(a, b, out, n, mode, inner); break;
    case kSquaredDiff: binaryTyped<kSquaredDiff>(a, b, out, n, mode, inner); break;
    case kMax: binaryTyped<kMax>(a, b, out, n, mode, inner); break;
    default: binaryTyped<kMin>(a, b, out, n, mode, inner);
  }
  });
}

template <int OP>
void broadcastTyped(const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out, const int64_t* os) {
  int64_t rows = os[0] * os[1] * os[2];
#pragma omp parallel for schedule(static) if (rows * os[3] >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    int64_t i2 = r % os[2], i1 = (r / os[2]) % os[1], i0 = r / (os[2] * os[1]);
    const float* ar = a + i0 * as[0] + i1 * as[1] + i2 * as[2];
    const float* br = b + i0 * bs[0] + i1 * bs[1] + i2 * bs[2];
    float* o = out + r * os[3];
    for (int64_t c = 0; c < os[3]; c++) o[c] = apply(OP, ar[c * as[3]], br[c * bs[3]]);
  }
}

std::vector<int64_t> int64s(const Napi::Value& v) {
  auto arr = v.As<Napi::Array>();
  std::vector<int64_t> r(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) r[i] = arr.Get(i).As<Napi::Number>().Int64Value();
  return r;
}

// binaryBroadcast(op, a, aStrides, b, bStrides, out, outShape): 4-D broadcasting, where a
// broadcast axis has stride 0.
Napi::Value BinaryBroadcast(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  int op = static_cast<int>(i64(info[0]));
  auto as = int64s(info[2]), bs = int64s(info[4]), os = int64s(info[6]);
  const float* a = f32(info[1]);
  const float* b = f32(info[3]);
  float* out = f32(info[5]);
  switch (op) {
    case kAdd: broadcastTyped<kAdd>(a, as.data(), b, bs.data(), out, os.data()); break;
    case kSub: broadcastTyped<kSub>(a, as.data(), b, bs.data(), out, os.data()); break;
    case kMul: broadcastTyped<kMul>(a, as.data(), b, bs.data(), out, os.data()); break;
    case kDiv: broadcastTyped<kDiv>(a, as.data(), b, bs.data(), out, os.data()); break;
    case kSquaredDiff: broadcastTyped<kSquaredDiff>(a, as.data(), b, bs.data(), out, os.data()); break;
    case kMax: broadcastTyped<kMax>(a, as.data(), b, bs.data(), out, os.data()); break;
    default: broadcastTyped<kMin>(a, as.data(), b, bs.data(), out, os.data());
  }
  });
}

enum Unary { kRelu = 0, kStep = 1, kNeg = 2, kSquare = 3, kExp = 4, kSqrt = 5, kRsqrt = 6, kAbs = 7, kLog = 8 };

template <typename F>
void unaryLoop(const float* __restrict x, float* __restrict out, int64_t n, F f) {
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) out[i] = f(x[i]);
}

// unary(op, x, out, alpha)
Napi::Value UnaryOp(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  int op = static_cast<int>(i64(info[0]));
  const float* x = f32(info[1]);
  float* out = f32(info[2]);
  const float alpha = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  int64_t n = static_cast<int64_t>(len(info[2]));
  switch (op) {
    case kRelu: unaryLoop(x, out, n, [](float v) { return v > 0 ? v : 0.f; }); break;
    case kStep: unaryLoop(x, out, n, [alpha](float v) { return std::isnan(v) ? v : (v > 0 ? 1.f : alpha); }); break;
    case kNeg: unaryLoop(x, out, n, [](float v) { return -v; }); break;
    case kSquare: unaryLoop(x, out, n, [](float v) { return v * v; }); break;
    case kExp: unaryLoop(x, out, n, [](float v) { return std::exp(v); }); break;
    case kSqrt: unaryLoop(x, out, n, [](float v) { return std::sqrt(v); }); break;
    case kRsqrt: unaryLoop(x, out, n, [](float v) { return 1.f / std::sqrt(v); }); break;
    case kAbs: unaryLoop(x, out, n, [](float v) { return std::fabs(v); }); break;
    default: unaryLoop(x, out, n, [](float v) { return std::log(v); });
  }
  });
}

// reduceOuter(x, out, outer, inner, scale, isMax): out[c] = scale·Σ_r x[r·inner + c] (or max over r).
// Each thread sums blocks of rows in float (vectorised), the block sums in double.
Napi::Value ReduceOuter(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  float* out = f32(info[1]);
  const int64_t outer = i64(info[2]);
  const int64_t inner = i64(info[3]);
  const double scale = info[4].As<Napi::Number>().DoubleValue();
  const bool isMax = info[5].As<Napi::Boolean>().Value();
  constexpr int64_t kBlock = 64;
  const int64_t blocks = (outer + kBlock - 1) / kBlock;
  std::vector<double> acc(inner, isMax ? -INFINITY : 0.0);
#pragma omp parallel if (outer * inner >= kParallelMin)
  {
    std::vector<double> local(inner, isMax ? -INFINITY : 0.0);
    std::vector<float> blockAcc(inner);
    float* __restrict b = blockAcc.data();
#pragma omp for schedule(static) nowait
    for (int64_t blk = 0; blk < blocks; blk++) {
      const int64_t end = std::min(outer, (blk + 1) * kBlock);
      std::fill(blockAcc.begin(), blockAcc.end(), isMax ? -INFINITY : 0.f);
      for (int64_t r = blk * kBlock; r < end; r++) {
        const float* __restrict row = x + r * inner;
        if (isMax) {
#pragma omp simd
          for (int64_t c = 0; c < inner; c++) b[c] = row[c] > b[c] ? row[c] : b[c];
        } else {
#pragma omp simd
          for (int64_t c = 0; c < inner; c++) b[c] += row[c];
        }
      }
      for (int64_t c = 0; c < inner; c++) local[c] = isMax ? (b[c] > local[c] ? b[c] : local[c]) : local[c] + b[c];
    }
#pragma omp critical
    for (int64_t c = 0; c < inner; c++) acc[c] = isMax ? (local[c] > acc[c] ? local[c] : acc[c]) : acc[c] + local[c];
  }
  for (int64_t c = 0; c < inner; c++) out[c] = static_cast<float>(isMax ? acc[c] : acc[c] * scale);
  });
}

// reduceInner(x, out, outer, inner, scale, isMax): out[r] = scale·Σ_c x[r·inner + c] (or max over c).
Napi::Value ReduceInner(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  float* out = f32(info[1]);
  int64_t outer = i64(info[2]);
  int64_t inner = i64(info[3]);
  double scale = info[4].As<Napi::Number>().DoubleValue();
  bool isMax = info[5].As<Napi::Boolean>().Value();
#pragma omp parallel for schedule(static) if (outer * inner >= kParallelMin)
  for (int64_t r = 0; r < outer; r++) {
    const float* row = x + r * inner;
    double a = isMax ? -INFINITY : 0.0;
    for (int64_t c = 0; c < inner; c++) a = isMax ? (row[c] > a ? row[c] : a) : a + row[c];
    out[r] = static_cast<float>(isMax ? a : a * scale);
  }
  });
}

// reluGrad(dy, x, out): dy where x > 0, else 0 (one pass instead of step then multiply).
Napi::Value ReluGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* __restrict dy = f32(info[0]);
  const float* __restrict x = f32(info[1]);
  float* __restrict out = f32(info[2]);
  const int64_t n = static_cast<int64_t>(len(info[2]));
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) out[i] = x[i] > 0 ? dy[i] : 0.f;
  });
}

// reduceMiddle(x, out, outer, mid, inner, scale, isMax): x viewed as [outer, mid, inner] reduced over mid.
Napi::Value ReduceMiddle(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  float* out = f32(info[1]);
  int64_t outer = i64(info[2]), mid = i64(info[3]), inner = i64(info[4]);
  double scale = info[5].As<Napi::Number>().DoubleValue();
  bool isMax = info[6].As<Napi::Boolean>().Value();
#pragma omp parallel for schedule(static) if (outer * mid * inner >= kParallelMin)
  for (int64_t o = 0; o < outer; o++) {
    std::vector<double> acc(inner, isMax ? -INFINITY : 0.0);
    const float* base = x + o * mid * inner;
    for (int64_t m = 0; m < mid; m++) {
      const float* row = base + m * inner;
      for (int64_t c = 0; c < inner; c++) acc[c] = isMax ? (row[c] > acc[c] ? row[c] : acc[c]) : acc[c] + row[c];
    }
    for (int64_t c = 0; c < inner; c++) out[o * inner + c] = static_cast<float>(isMax ? acc[c] : acc[c] * scale);
  }
  });
}

// sgdUpdate(w, g, v, wOut, vOut, lr, momentum, weightDecay, nesterov): PyTorch's SGD step.
Napi::Value SgdUpdate(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* __restrict w = f32(info[0]);
  const float* __restrict g = f32(info[1]);
  const float* __restrict v = f32(info[2]);
  float* __restrict wo = f32(info[3]);
  float* __restrict vo = f32(info[4]);
  const float lr = static_cast<float>(info[5].As<Napi::Number>().DoubleValue());
  const float m = static_cast<float>(info[6].As<Napi::Number>().DoubleValue());
  const float wd = static_cast<float>(info[7].As<Napi::Number>().DoubleValue());
  const bool nesterov = info[8].As<Napi::Boolean>().Value();
  const int64_t n = static_cast<int64_t>(len(info[3]));
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) {
    float gi = g[i] + wd * w[i];
    float vi = m * v[i] + gi;
    vo[i] = vi;
    wo[i] = w[i] - lr * (nesterov ? gi + m * vi : vi);
  }
  });
}

// addN(out, a, b, c, …): out = Σ inputs (equal sizes).
Napi::Value AddN(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  float* out = f32(info[0]);
  int64_t n = static_cast<int64_t>(len(info[0]));
  // Accumulate input by input: each pass is a vectorised a += b.
  const float* __restrict first = f32(info[1]);
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) out[i] = first[i];
  for (size_t k = 2; k < info.Length(); k++) {
    const float* __restrict p = f32(info[k]);
#pragma omp parallel for simd schedule(static) if (n >= kParallelMin)
    for (int64_t i = 0; i < n; i++) out[i] += p[i];
  }
  });
}

}  // namespace

void registerElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("binaryBroadcast", Napi::Function::New(env, BinaryBroadcast));
  exports.Set("unary", Napi::Function::New(env, UnaryOp));
  exports.Set("reduceOuter", Napi::Function::New(env, ReduceOuter));
  exports.Set("reduceInner", Napi::Function::New(env, ReduceInner));
  exports.Set("addN", Napi::Function::New(env, AddN));
  exports.Set("reluGrad", Napi::Function::New(env, ReluGrad));
  exports.Set("sgdUpdate", Napi::Function::New(env, SgdUpdate));
  exports.Set("reduceMiddle", Napi::Function::New(env, ReduceMiddle));
}

}  // namespace reparam
