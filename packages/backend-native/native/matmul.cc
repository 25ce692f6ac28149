// Batched matrix products on oneDNN's matmul primitive (cached per shape, as convolutions are): the
// dense head, and the kernel compositions of online re-parameterization (a 1×1 kernel times every
// tap of the next one), forward and backward. Not dnnl_sgemm: training runs under node --cpu-prof
// aborted with heap corruption while sgemm ran its AVX-512 path (not with AVX2, a plain loop or
// this primitive).
#include <algorithm>
#include <map>
#include <omp.h>
#include <memory>
#include <optional>
#include <stdexcept>
#include <tuple>
#include "common.h"

namespace reparam {
namespace {

using dnnl::memory;
using dt = memory::data_type;

struct MatMulShape {
  int64_t batchA, batchB, m, n, k;
  bool ta, tb;
  auto key() const { return std::make_tuple(batchA, batchB, m, n, k, ta, tb); }
  bool operator<(const MatMulShape& o) const { return key() < o.key(); }
};

struct MatMulPlan {
  memory::desc a, b, c;
  dnnl::matmul prim;
};

MatMulPlan& planFor(const MatMulShape& s) {
  static std::map<MatMulShape, std::unique_ptr<MatMulPlan>> cache;
  auto it = cache.find(s);
  if (it != cache.end()) return *it->second;
  auto plan = std::make_unique<MatMulPlan>();
  int64_t batch = std::max(s.batchA, s.batchB);
  // Row-major [batch, rows, cols]; a transposed operand is the same memory read with swapped strides.
  plan->a = memory::desc({s.batchA, s.m, s.k}, dt::f32, s.ta ? memory::dims{s.m * s.k, 1, s.m} : memory::dims{s.m * s.k, s.k, 1});
  plan->b = memory::desc({s.batchB, s.k, s.n}, dt::f32, s.tb ? memory::dims{s.k * s.n, 1, s.k} : memory::dims{s.k * s.n, s.n, 1});
  plan->c = memory::desc({batch, s.m, s.n}, dt::f32, memory::dims{s.m * s.n, s.n, 1});
  auto pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(plan->a, plan->b, plan->c), cpuEngine());
  plan->prim = dnnl::matmul(pd);
  auto& ref = *plan;
  cache.emplace(s, std::move(plan));
  return ref;
}

// Below this many multiply-adds a product runs on one thread: waking the OpenMP team costs more
// than it saves at kernel sizes (online re-parameterization does a few hundred such products a
// step: a 1×1 kernel times every tap of the next one, and their gradients).
constexpr int64_t kParallelProduct = int64_t(1) << 21;

// Limits the OpenMP team of the calling thread to one while alive (restored even on an exception).
struct OneThread {
  int saved = omp_get_max_threads();
  OneThread() { omp_set_num_threads(1); }
  ~OneThread() { omp_set_num_threads(saved); }
};

// batchMatMul(a, b, out, batchA, batchB, M, N, K, transposeA, transposeB): for i < max(batchA,
// batchB), out[i] (M×N) = op(a[i]) · op(b[i]), where a batch of 1 is used for every i. Row-major;
// op(a) is M×K (a stored K×M when transposed), op(b) is K×N.
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    MatMulShape s{i64(info[3]), i64(info[4]), i64(info[5]), i64(info[6]), i64(info[7]), info[8].As<Napi::Boolean>().Value(),
                  info[9].As<Napi::Boolean>().Value()};
    if (s.batchA != s.batchB && s.batchA != 1 && s.batchB != 1) throw std::invalid_argument("batch sizes do not broadcast");
    auto& p = planFor(s);
    auto& eng = cpuEngine();
    memory am(p.a, eng, f32(info[0])), bm(p.b, eng, f32(info[1])), cm(p.c, eng, f32(info[2]));
    std::optional<OneThread> alone;
    if (std::max(s.batchA, s.batchB) * s.m * s.n * s.k < kParallelProduct) alone.emplace();
    p.prim.execute(cpuStream(), {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    cpuStream().wait();
  });
}

}  // namespace

void registerMatMul(Napi::Env env, Napi::Object exports) { exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul)); }

}  // namespace reparam
