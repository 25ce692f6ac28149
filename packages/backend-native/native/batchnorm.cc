// Batch normalisation over the leading axes of a [rows, channels] (NHWC flattened) array, forward in
// training mode and backward, each one pass over the data per statistic instead of tfjs's chain of
// moments, broadcasts and reductions.
#include <cmath>
#include "common.h"

namespace reparam {
namespace {

constexpr int64_t kParallelMin = 32768;

// Per-channel Σx and Σx² over rows (double accumulators, one set per thread).
void channelSums(const float* x, int64_t rows, int64_t c, std::vector<double>& s1, std::vector<double>& s2) {
  s1.assign(c, 0.0);
  s2.assign(c, 0.0);
#pragma omp parallel if (rows * c >= kParallelMin)
  {
    std::vector<double> l1(c, 0.0), l2(c, 0.0);
#pragma omp for schedule(static) nowait
    for (int64_t r = 0; r < rows; r++) {
      const float* row = x + r * c;
      for (int64_t k = 0; k < c; k++) {
        double v = row[k];
        l1[k] += v;
        l2[k] += v * v;
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
  const float* x = f32(info[0]);
  const float* gamma = f32(info[1]);
  const float* beta = f32(info[2]);
  float* y = f32(info[3]);
  float* mean = f32(info[4]);
  float* var = f32(info[5]);
  int64_t rows = i64(info[6]);
  int64_t c = i64(info[7]);
  double eps = info[8].As<Napi::Number>().DoubleValue();
  std::vector<double> s1, s2;
  channelSums(x, rows, c, s1, s2);
  std::vector<float> scale(c), shift(c);
  for (int64_t k = 0; k < c; k++) {
    double m = s1[k] / rows;
    double v = s2[k] / rows - m * m;
    if (v < 0) v = 0;
    mean[k] = static_cast<float>(m);
    var[k] = static_cast<float>(v);
    double inv = 1.0 / std::sqrt(v + eps);
    scale[k] = static_cast<float>(gamma[k] * inv);
    shift[k] = static_cast<float>(beta[k] - m * gamma[k] * inv);
  }
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * c;
    float* yr = y + r * c;
    for (int64_t k = 0; k < c; k++) yr[k] = xr[k] * scale[k] + shift[k];
  }
  return info.Env().Undefined();
}

// bnBackward(dy, x, gamma, mean, variance, dmean, dvar, dx, dgamma, dbeta, rows, channels, eps):
// gradients of y = BN(x) plus those reaching the returned batch mean and variance.
Napi::Value Backward(const Napi::CallbackInfo& info) {
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
  std::vector<double> sdy(c, 0.0), sdyx(c, 0.0);
#pragma omp parallel if (rows * c >= kParallelMin)
  {
    std::vector<double> l1(c, 0.0), l2(c, 0.0);
#pragma omp for schedule(static) nowait
    for (int64_t r = 0; r < rows; r++) {
      const float* g = dy + r * c;
      const float* xr = x + r * c;
      for (int64_t k = 0; k < c; k++) {
        l1[k] += g[k];
        l2[k] += g[k] * (xr[k] - mean[k]) * inv[k];
      }
    }
#pragma omp critical
    for (int64_t k = 0; k < c; k++) {
      sdy[k] += l1[k];
      sdyx[k] += l2[k];
    }
  }
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
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* g = dy + r * c;
    const float* xr = x + r * c;
    float* o = dx + r * c;
    for (int64_t k = 0; k < c; k++) o[k] = a[k] * g[k] + b[k] * (xr[k] - e[k]) + d[k];
  }
  return info.Env().Undefined();
}

}  // namespace

void registerBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("bnForward", Napi::Function::New(env, Forward));
  exports.Set("bnBackward", Napi::Function::New(env, Backward));
}

}  // namespace reparam
