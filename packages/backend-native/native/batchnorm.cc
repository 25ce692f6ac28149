// Batch normalisation over the leading axes of a [rows, channels] (NHWC flattened) array, forward in
// training mode and backward, each one pass over the data per statistic instead of tfjs's chain of
// moments, broadcasts and reductions.
#include <algorithm>
#include <cmath>
#include "common.h"

namespace reparam {
namespace {

constexpr int64_t kParallelMin = 32768;

// Rows are summed in float over short blocks (which vectorises) and the block sums in double
// (which keeps the error of long sums small).
constexpr int64_t kBlock = 64;

// Per-channel Σf(row)·… accumulated by `body(row, acc1, acc2)` over all rows, into s1 and s2.
template <typename Body>
void blockedSums(int64_t rows, int64_t c, std::vector<double>& s1, std::vector<double>& s2, Body body) {
  s1.assign(c, 0.0);
  s2.assign(c, 0.0);
  int64_t blocks = (rows + kBlock - 1) / kBlock;
#pragma omp parallel if (rows * c >= kParallelMin)
  {
    std::vector<double> l1(c, 0.0), l2(c, 0.0);
    std::vector<float> b1(c), b2(c);
#pragma omp for schedule(static) nowait
    for (int64_t blk = 0; blk < blocks; blk++) {
      std::fill(b1.begin(), b1.end(), 0.f);
      std::fill(b2.begin(), b2.end(), 0.f);
      int64_t end = std::min(rows, (blk + 1) * kBlock);
      for (int64_t r = blk * kBlock; r < end; r++) body(r, b1.data(), b2.data());
      for (int64_t k = 0; k < c; k++) {
        l1[k] += b1[k];
        l2[k] += b2[k];
      }
    }
#pragma omp critical
    for (int64_t k = 0; k < c; k++) {
      s1[k] += l1[k];
      s2[k] += l2[k];
    }
  }
}

// bnForward(x, gamma, beta, y, mean, variance, rows, channels, eps): batch statistics (biased
// variance) and y = (x − mean)/sqrt(var + eps)·γ + β.
Napi::Value Forward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* x = f32(info[0]);
  const float* gamma = f32(info[1]);
  const float* beta = f32(info[2]);
  float* y = f32(info[3]);
  float* mean = f32(info[4]);
  float* var = f32(info[5]);
  int64_t rows = i64(info[6]);
  int64_t c = i64(info[7]);
  double eps = info[8].As<Napi::Number>().DoubleValue();
  // Sums of x − x₀ (the first row) keep Σx² − (Σx)²/n from cancelling when |mean| ≫ std.
  std::vector<float> x0v(x, x + c);
  const float* x0 = x0v.data();
  std::vector<double> s1, s2;
  // Captures by value: pointers captured by reference defeat vectorisation (possible aliasing).
  blockedSums(rows, c, s1, s2, [x, x0, c](int64_t r, float* __restrict a1, float* __restrict a2) {
    const float* __restrict row = x + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; k++) {
      float d = row[k] - x0[k];
      a1[k] += d;
      a2[k] += d * d;
    }
  });
  std::vector<float> scale(c), shift(c);
  for (int64_t k = 0; k < c; k++) {
    double md = s1[k] / rows;
    double m = md + x0[k];
    double v = s2[k] / rows - md * md;
    if (v < 0) v = 0;
    mean[k] = static_cast<float>(m);
    var[k] = static_cast<float>(v);
    double inv = 1.0 / std::sqrt(v + eps);
    scale[k] = static_cast<float>(gamma[k] * inv);
    shift[k] = static_cast<float>(beta[k] - m * gamma[k] * inv);
  }
  const float* __restrict sc = scale.data();
  const float* __restrict sh = shift.data();
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* __restrict xr = x + r * c;
    float* __restrict yr = y + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; k++) yr[k] = xr[k] * sc[k] + sh[k];
  }
  });
}

// bnBackward(dy, x, gamma, mean, variance, dmean, dvar, dx, dgamma, dbeta, rows, channels, eps):
// gradients of y = BN(x) plus those reaching the returned batch mean and variance.
Napi::Value Backward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* dy = f32(info[0]);
  const float* x = f32(info[1]);
  const float* gamma = f32(info[2]);
  const float* mean = f32(info[3]);
  const float* var = f32(info[4]);
  const float* dmean = f32(info[5]);
  const float* dvar = f32(info[6]);
  float* dx = f32(info[7]);
  float* dgamma = f32(info[8]);
  float* dbeta = f32(info[9]);
  int64_t rows = i64(info[10]);
  int64_t c = i64(info[11]);
  double eps = info[12].As<Napi::Number>().DoubleValue();
  std::vector<double> inv(c);
  for (int64_t k = 0; k < c; k++) inv[k] = 1.0 / std::sqrt(static_cast<double>(var[k]) + eps);
  // Σdy and Σdy·x̂ per channel.
  std::vector<float> meanV(mean, mean + c), invV(c);
  for (int64_t k = 0; k < c; k++) invV[k] = static_cast<float>(inv[k]);
  const float* meanF = meanV.data();
  const float* invF = invV.data();
  std::vector<double> sdy, sdyx;
  blockedSums(rows, c, sdy, sdyx, [dy, x, meanF, invF, c](int64_t r, float* __restrict a1, float* __restrict a2) {
    const float* __restrict g = dy + r * c;
    const float* __restrict xr = x + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; k++) {
      a1[k] += g[k];
      a2[k] += g[k] * (xr[k] - meanF[k]) * invF[k];
    }
  });
  std::vector<float> a(c), b(c), d(c), e(c);
  for (int64_t k = 0; k < c; k++) {
    dbeta[k] = static_cast<float>(sdy[k]);
    dgamma[k] = static_cast<float>(sdyx[k]);
    // dx = γ·inv/M·(M·dy − Σdy − x̂·Σdy·x̂) + dmean/M + dvar·2(x − μ)/M, written as a·dy + b·(x − μ) + d.
    a[k] = static_cast<float>(gamma[k] * inv[k]);
    b[k] = static_cast<float>(-gamma[k] * inv[k] * inv[k] * sdyx[k] / rows + 2.0 * dvar[k] / rows);
    d[k] = static_cast<float>(-gamma[k] * inv[k] * sdy[k] / rows + dmean[k] / rows);
    e[k] = mean[k];
  }
  const float* __restrict pa = a.data();
  const float* __restrict pb = b.data();
  const float* __restrict pd = d.data();
  const float* __restrict pe = e.data();
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* __restrict g = dy + r * c;
    const float* __restrict xr = x + r * c;
    float* __restrict o = dx + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; k++) o[k] = pa[k] * g[k] + pb[k] * (xr[k] - pe[k]) + pd[k];
  }
  });
}

// channelAffine(x, scale, shift, y, rows, channels): y = x·scale + shift per channel, one pass (a
// batch norm in inference mode; tfjs would make a multiply and an add, two passes and two outputs).
Napi::Value ChannelAffine(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  const float* __restrict x = f32(info[0]);
  const float* __restrict scale = f32(info[1]);
  const float* __restrict shift = f32(info[2]);
  float* __restrict y = f32(info[3]);
  int64_t rows = i64(info[4]);
  int64_t c = i64(info[5]);
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* __restrict xr = x + r * c;
    float* __restrict yr = y + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; k++) yr[k] = xr[k] * scale[k] + shift[k];
  }
  });
}

}  // namespace

void registerBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("bnForward", Napi::Function::New(env, Forward));
  exports.Set("bnBackward", Napi::Function::New(env, Backward));
  exports.Set("channelAffine", Napi::Function::New(env, ChannelAffine));
}

}  // namespace reparam
