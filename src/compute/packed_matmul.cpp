#include "compute/packed_matmul.hpp"

#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "io/error.hpp"

namespace vec2midi::compute {
namespace {

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::memory::data_type input_type(Precision precision) {
  return precision == Precision::kBfloat16 ? dnnl::memory::data_type::bf16 : dnnl::memory::data_type::f32;
}

}  // namespace

// One primitive per (m, lda, ldd), made on first use; weights packed for the first primitive's layout and packed
// again only if a later primitive asks for another layout.
struct PackedMatmul::Impl {
  struct Kernel {
    dnnl::matmul primitive;
    dnnl::memory weights;
    dnnl::memory::desc scratch;
    std::string name;
  };

  std::vector<float> weights, bias;  // [K, N] and [N] as loaded

  // oneDNN 2.6 has no bf16 matmul without AVX-512 (an AVX2-only CPU; precision.hpp's "emulated otherwise" holds
  // only for AVX-512 CPUs without AVX512_BF16): that is the user's choice of precision
  // meeting this CPU, so it becomes one clear InputError instead of oneDNN's "could not create a primitive".
  dnnl::matmul::primitive_desc describe(const dnnl::memory::desc& src, const dnnl::memory::desc& any_weights,
                                        const dnnl::memory::desc& dst, int64_t n, const dnnl::primitive_attr& attr,
                                        Precision precision) const {
    try {
      if (bias.empty()) return {dnnl::matmul::desc(src, any_weights, dst), attr, cpu_engine()};
      const dnnl::memory::desc bias_desc({1, n}, dnnl::memory::data_type::f32, {n, 1});
      return {dnnl::matmul::desc(src, any_weights, bias_desc, dst), attr, cpu_engine()};
    } catch (const dnnl::error& e) {
      if (precision == Precision::kBfloat16) {
        throw InputError("precision bf16: this CPU has no bf16 matrix multiply in oneDNN (it needs AVX-512); "
                         "use --precision f32");
      }
      throw Error(std::string("oneDNN matmul: ") + e.what());
    }
  }
  std::mutex mutex;
  std::map<std::tuple<int64_t, int64_t, int64_t>, Kernel> kernels;
  std::vector<dnnl::memory> packed;  // every packed layout made so far

  const Kernel& kernel(int64_t m, int64_t lda, int64_t ldd, int64_t k, int64_t n, Precision precision) {
    const std::lock_guard lock(mutex);
    const auto key = std::make_tuple(m, lda, ldd);
    if (const auto it = kernels.find(key); it != kernels.end()) return it->second;
    using dt = dnnl::memory::data_type;
    const dnnl::memory::desc src({m, k}, input_type(precision), {lda, 1});
    const dnnl::memory::desc any_weights({k, n}, input_type(precision), dnnl::memory::format_tag::any);
    const dnnl::memory::desc dst({m, n}, dt::f32, {ldd, 1});
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    const dnnl::matmul::primitive_desc pd = describe(src, any_weights, dst, n, attr, precision);
    Kernel made{dnnl::matmul(pd), {}, pd.scratchpad_desc(), pd.impl_info_str()};
    for (const dnnl::memory& p : packed) {
      if (p.get_desc() == pd.weights_desc()) made.weights = p;
    }
    if (!made.weights) {
      dnnl::memory plain({{k, n}, dt::f32, dnnl::memory::format_tag::ab}, cpu_engine(), weights.data());
      made.weights = dnnl::memory(pd.weights_desc(), cpu_engine());
      dnnl::stream stream(cpu_engine());
      dnnl::reorder(plain, made.weights).execute(stream, plain, made.weights);
      stream.wait();
      packed.push_back(made.weights);
    }
    return kernels.emplace(key, std::move(made)).first->second;
  }
};

PackedMatmul::PackedMatmul(std::span<const float> weights, int64_t k, int64_t n, Precision precision,
                           std::span<const float> bias)
    : k_(k), n_(n), precision_(precision), impl_(std::make_unique<Impl>()) {
  if (k < 1 || n < 1 || int64_t(weights.size()) != k * n || (!bias.empty() && int64_t(bias.size()) != n)) {
    throw Error("PackedMatmul: weights must hold K·N values and the bias N (K " + std::to_string(k) + ", N " +
                std::to_string(n) + ")");
  }
  impl_->weights.assign(weights.begin(), weights.end());
  impl_->bias.assign(bias.begin(), bias.end());
}

PackedMatmul::~PackedMatmul() = default;
PackedMatmul::PackedMatmul(PackedMatmul&&) noexcept = default;
PackedMatmul& PackedMatmul::operator=(PackedMatmul&&) noexcept = default;

void PackedMatmul::run(int64_t m, const void* src, int64_t lda, float* dst, int64_t ldd) const {
  if (m < 1) return;
  const Impl::Kernel& kernel = impl_->kernel(m, lda, ldd, k_, n_, precision_);
  thread_local std::vector<uint8_t> scratch;
  const size_t scratch_bytes = kernel.scratch.get_size();
  if (scratch.size() < scratch_bytes) scratch.resize(scratch_bytes);
  thread_local dnnl::stream stream(cpu_engine());
  using dt = dnnl::memory::data_type;
  const dnnl::memory src_memory({{m, k_}, input_type(precision_), {lda, 1}}, cpu_engine(), const_cast<void*>(src));
  const dnnl::memory dst_memory({{m, n_}, dt::f32, {ldd, 1}}, cpu_engine(), dst);
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, src_memory},
                                             {DNNL_ARG_WEIGHTS, kernel.weights},
                                             {DNNL_ARG_DST, dst_memory}};
  if (scratch_bytes > 0) args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(kernel.scratch, cpu_engine(), scratch.data()));
  if (!impl_->bias.empty()) {
    args.emplace(DNNL_ARG_BIAS, dnnl::memory({{1, n_}, dt::f32, {n_, 1}}, cpu_engine(), impl_->bias.data()));
  }
  kernel.primitive.execute(stream, args);
  stream.wait();
}

std::string PackedMatmul::implementation(int64_t m) const { return impl_->kernel(m, k_, n_, k_, n_, precision_).name; }

}  // namespace vec2midi::compute
