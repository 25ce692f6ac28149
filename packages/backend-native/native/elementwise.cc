// Elementwise and reduction kernels over float32 arrays, parallel over both cores with OpenMP.
// Broadcasting is limited to the patterns training uses (equal shapes, a scalar, a per-channel
// vector over the last axis); the JS side falls back to tfjs's cpu kernels for anything else.
#include <cmath>
#include "common.h"

namespace reparam {
namespace {

// Below this many elements thread start-up costs more than it saves.
constexpr int64_t kParallelMin = 32768;

enum Op { kAdd = 0, kSub = 1, kMul = 2, kDiv = 3, kSquaredDiff = 4, kMax = 5, kMin = 6 };
// How b (or a) repeats against the output: same shape, scalar, or a vector along the last axis.
enum Mode { kSame = 0, kBScalar = 1, kAScalar = 2, kBInner = 3, kAInner = 4 };

template <typename F>
inline void forEach(int64_t n, F f) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) f(i);
}

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

template <int OP>
void binaryTyped(const float* a, const float* b, float* out, int64_t n, int mode, int64_t inner) {
  switch (mode) {
    case kSame: forEach(n, [&](int64_t i) { out[i] = apply(OP, a[i], b[i]); }); break;
    case kBScalar: { float s = b[0]; forEach(n, [&](int64_t i) { out[i] = apply(OP, a[i], s); }); break; }
    case kAScalar: { float s = a[0]; forEach(n, [&](int64_t i) { out[i] = apply(OP, s, b[i]); }); break; }
    case kBInner: {
      int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* ar = a + r * inner; float* o = out + r * inner;
        for (int64_t c = 0; c < inner; c++) o[c] = apply(OP, ar[c], b[c]);
      }
      break;
    }
    default: {
      int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* br = b + r * inner; float* o = out + r * inner;
        for (int64_t c = 0; c < inner; c++) o[c] = apply(OP, a[c], br[c]);
      }
    }
  }
}

// binary(op, a, b, out, mode, inner)
Napi::Value Binary(const Napi::CallbackInfo& info) {
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
  return info.Env().Undefined();
}

enum Unary { kRelu = 0, kStep = 1, kNeg = 2, kSquare = 3, kExp = 4, kSqrt = 5, kRsqrt = 6, kAbs = 7, kLog = 8 };

// unary(op, x, out, alpha)
Napi::Value UnaryOp(const Napi::CallbackInfo& info) {
  int op = static_cast<int>(i64(info[0]));
  const float* x = f32(info[1]);
  float* out = f32(info[2]);
  float alpha = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  int64_t n = static_cast<int64_t>(len(info[2]));
  switch (op) {
    case kRelu: forEach(n, [&](int64_t i) { out[i] = x[i] > 0 ? x[i] : 0; }); break;
    case kStep: forEach(n, [&](int64_t i) { out[i] = std::isnan(x[i]) ? NAN : (x[i] > 0 ? 1.f : alpha); }); break;
    case kNeg: forEach(n, [&](int64_t i) { out[i] = -x[i]; }); break;
    case kSquare: forEach(n, [&](int64_t i) { out[i] = x[i] * x[i]; }); break;
    case kExp: forEach(n, [&](int64_t i) { out[i] = std::exp(x[i]); }); break;
    case kSqrt: forEach(n, [&](int64_t i) { out[i] = std::sqrt(x[i]); }); break;
    case kRsqrt: forEach(n, [&](int64_t i) { out[i] = 1.f / std::sqrt(x[i]); }); break;
    case kAbs: forEach(n, [&](int64_t i) { out[i] = std::fabs(x[i]); }); break;
    default: forEach(n, [&](int64_t i) { out[i] = std::log(x[i]); });
  }
  return info.Env().Undefined();
}

// reduceOuter(x, out, outer, inner, scale, isMax): out[c] = scale·Σ_r x[r·inner + c] (or max over r).
// Each thread sums a slab of rows into its own accumulator (double) and the slabs are merged.
Napi::Value ReduceOuter(const Napi::CallbackInfo& info) {
  const float* x = f32(info[0]);
  float* out = f32(info[1]);
  int64_t outer = i64(info[2]);
  int64_t inner = i64(info[3]);
  double scale = info[4].As<Napi::Number>().DoubleValue();
  bool isMax = info[5].As<Napi::Boolean>().Value();
  std::vector<double> acc(inner, isMax ? -INFINITY : 0.0);
#pragma omp parallel if (outer * inner >= kParallelMin)
  {
    std::vector<double> local(inner, isMax ? -INFINITY : 0.0);
#pragma omp for schedule(static) nowait
    for (int64_t r = 0; r < outer; r++) {
      const float* row = x + r * inner;
      if (isMax) {
        for (int64_t c = 0; c < inner; c++) local[c] = row[c] > local[c] ? row[c] : local[c];
      } else {
        for (int64_t c = 0; c < inner; c++) local[c] += row[c];
      }
    }
#pragma omp critical
    for (int64_t c = 0; c < inner; c++) acc[c] = isMax ? (local[c] > acc[c] ? local[c] : acc[c]) : acc[c] + local[c];
  }
  for (int64_t c = 0; c < inner; c++) out[c] = static_cast<float>(isMax ? acc[c] : acc[c] * scale);
  return info.Env().Undefined();
}

// reduceInner(x, out, outer, inner, scale, isMax): out[r] = scale·Σ_c x[r·inner + c] (or max over c).
Napi::Value ReduceInner(const Napi::CallbackInfo& info) {
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
  return info.Env().Undefined();
}

// addN(out, a, b, c, …): out = Σ inputs (equal sizes).
Napi::Value AddN(const Napi::CallbackInfo& info) {
  float* out = f32(info[0]);
  int64_t n = static_cast<int64_t>(len(info[0]));
  std::vector<const float*> in;
  for (size_t k = 1; k < info.Length(); k++) in.push_back(f32(info[k]));
  forEach(n, [&](int64_t i) {
    float s = 0;
    for (const float* p : in) s += p[i];
    out[i] = s;
  });
  return info.Env().Undefined();
}

}  // namespace

void registerElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, UnaryOp));
  exports.Set("reduceOuter", Napi::Function::New(env, ReduceOuter));
  exports.Set("reduceInner", Napi::Function::New(env, ReduceInner));
  exports.Set("addN", Napi::Function::New(env, AddN));
}

}  // namespace reparam
