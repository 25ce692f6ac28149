// The merged kernel of an online re-parameterized slot, Σb centre(kernel_b) · scale_b (each kernel
// centred in kh×kw, scaled per output channel), and its gradient, each in one call: in tfjs ops a
// slot of n branches costs a pad, a multiply and an add per branch forward and more backward.
// Kernel-sized work (a few hundred thousand multiply-adds), so it runs on one thread.
#include <algorithm>
#include <vector>
#include "common.h"

// Multiply, then add, rounding each as tfjs's mul and addN do (no fused multiply-add): the merged
// kernel then equals the tf-ops one bit for bit, which the cpu-vs-native training test needs, since
// the every-op network's batch norms amplify a 1-ulp difference in a kernel far beyond 1e-4.
#pragma GCC optimize("fp-contract=off")

namespace reparam {
namespace {

std::vector<float*> arrayOf(const Napi::Value& v) {
  auto a = v.As<Napi::Array>();
  std::vector<float*> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Float32Array>().Data();
  return out;
}

// Where kernel b sits in the kh×kw output: its size and its top-left offset.
struct Placement {
  int64_t h, w, top, left;
};

std::vector<Placement> placements(const Napi::Value& sizes, int64_t kh, int64_t kw) {
  auto a = sizes.As<Napi::Array>();
  std::vector<Placement> out(a.Length() / 2);
  for (size_t b = 0; b < out.size(); b++) {
    int64_t h = a.Get(2 * b).As<Napi::Number>().Int64Value(), w = a.Get(2 * b + 1).As<Napi::Number>().Int64Value();
    out[b] = {h, w, (kh - h) / 2, (kw - w) / 2};
  }
  return out;
}

// weightedSum(kernels, scales, sizes [h0, w0, h1, w1, …], out, kh, kw, cin, cout):
// out[y,x,i,o] = Σb kernels[b][y − top_b, x − left_b, i, o] · scales[b][o] (0 outside kernel b).
Napi::Value WeightedSum(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    std::vector<float*> ks = arrayOf(info[0]), ss = arrayOf(info[1]);
    int64_t kh = i64(info[4]), kw = i64(info[5]), cin = i64(info[6]), c = i64(info[7]);
    std::vector<Placement> at = placements(info[2], kh, kw);
    float* out = f32(info[3]);
    std::fill(out, out + kh * kw * cin * c, 0.f);
    for (size_t b = 0; b < ks.size(); b++) {
      const Placement& p = at[b];
      const float* __restrict s = ss[b];
      for (int64_t y = 0; y < p.h; y++)
        for (int64_t x = 0; x < p.w; x++)
          for (int64_t i = 0; i < cin; i++) {
            const float* __restrict k = ks[b] + ((y * p.w + x) * cin + i) * c;
            float* __restrict o = out + (((y + p.top) * kw + (x + p.left)) * cin + i) * c;
#pragma omp simd
            for (int64_t j = 0; j < c; j++) o[j] = o[j] + k[j] * s[j];
          }
    }
  });
}

// weightedSumGrad(dy, kernels, scales, sizes, dKernels, dScales, kh, kw, cin, cout):
// dKernels[b] = dy over kernel b's window · scales[b]; dScales[b][o] = Σ dy·kernels[b] over the window.
Napi::Value WeightedSumGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    const float* dy = f32(info[0]);
    std::vector<float*> ks = arrayOf(info[1]), ss = arrayOf(info[2]), dks = arrayOf(info[4]), dss = arrayOf(info[5]);
    int64_t kh = i64(info[6]), kw = i64(info[7]), cin = i64(info[8]), c = i64(info[9]);
    std::vector<Placement> at = placements(info[3], kh, kw);
    std::vector<double> acc(c);
    for (size_t b = 0; b < ks.size(); b++) {
      const Placement& p = at[b];
      std::fill(acc.begin(), acc.end(), 0.0);
      const float* __restrict s = ss[b];
      double* __restrict a = acc.data();
      for (int64_t y = 0; y < p.h; y++)
        for (int64_t x = 0; x < p.w; x++)
          for (int64_t i = 0; i < cin; i++) {
            int64_t row = (y * p.w + x) * cin + i;
            const float* __restrict g = dy + (((y + p.top) * kw + (x + p.left)) * cin + i) * c;
            const float* __restrict k = ks[b] + row * c;
            float* __restrict dk = dks[b] + row * c;
#pragma omp simd
            for (int64_t j = 0; j < c; j++) {
              dk[j] = g[j] * s[j];
              a[j] += static_cast<double>(g[j]) * k[j];
            }
          }
      for (int64_t j = 0; j < c; j++) dss[b][j] = static_cast<float>(acc[j]);
    }
  });
}

}  // namespace

void registerWeighted(Napi::Env env, Napi::Object exports) {
  exports.Set("weightedSum", Napi::Function::New(env, WeightedSum));
  exports.Set("weightedSumGrad", Napi::Function::New(env, WeightedSumGrad));
}

}  // namespace reparam
