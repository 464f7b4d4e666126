// Indexing: Python-style multi-index (ints, slices, None, Ellipsis, index and boolean tensors), gather/scatter,
// masks and selection.
#include "shim.h"

using at::indexing::Slice;
using at::indexing::TensorIndex;
// Slice bounds became SymInts in libtorch 2.
#if TORCH_VERSION_MAJOR >= 2
using tvr_slice_index = c10::SymInt;
#else
using tvr_slice_index = int64_t;
#endif

// One index per position: kind 0 integer, 1 slice (start/stop == INT64_MIN means omitted), 2 None (new axis),
// 3 Ellipsis, 4 tensor (long indices or bool mask).
static std::vector<TensorIndex> tvr_indices(const int* kinds, const int64_t* starts, const int64_t* stops,
                                            const int64_t* steps, const tvr_tensor* tensors, int n) {
  std::vector<TensorIndex> idx;
  idx.reserve((size_t)n);
  for (int i = 0; i < n; ++i) {
    switch (kinds[i]) {
      case 0: idx.emplace_back(starts[i]); break;
      case 1: {
        c10::optional<tvr_slice_index> start, stop;
        if (starts[i] != INT64_MIN) start = tvr_slice_index(starts[i]);
        if (stops[i] != INT64_MIN) stop = tvr_slice_index(stops[i]);
        idx.emplace_back(Slice(start, stop, tvr_slice_index(steps[i])));
        break;
      }
      case 2: idx.emplace_back(at::indexing::None); break;
      case 3: idx.emplace_back(at::indexing::Ellipsis); break;
      case 4: idx.emplace_back(*tensors[i]); break;
      default: TORCH_CHECK(false, "unknown index kind ", kinds[i]);
    }
  }
  return idx;
}

TVR_API tvr_tensor tvr_index(tvr_tensor t, const int* kinds, const int64_t* starts, const int64_t* stops,
                             const int64_t* steps, const tvr_tensor* tensors, int n) {
  TVR_TENSOR(t->index(tvr_indices(kinds, starts, stops, steps, tensors, n)))
}
// t[indices] = value; with accumulate, t[indices] += value (repeated indices add up, as index_put_(accumulate=True)).
TVR_API int tvr_index_put_(tvr_tensor t, const int* kinds, const int64_t* starts, const int64_t* stops,
                           const int64_t* steps, const tvr_tensor* tensors, int n, tvr_tensor value, bool accumulate) {
  TVR_TRY
  auto idx = tvr_indices(kinds, starts, stops, steps, tensors, n);
  if (!accumulate) {
    const_cast<at::Tensor&>(*t).index_put_(idx, *value);   // 1.13's index_put_(TensorIndex...) is non-const; it writes the TensorImpl, not the handle
    return 0;
  }
  // accumulate takes advanced (tensor) indices only, as torch.Tensor.index_put_; other positions must be full slices
  std::vector<c10::optional<at::Tensor>> tensor_indices;
  for (const auto& i : idx) {
    if (i.is_tensor()) tensor_indices.emplace_back(i.tensor());
    else {
      TORCH_CHECK(i.is_slice() && i.slice().start() == 0 && i.slice().stop() == at::indexing::INDEX_MAX &&
                      i.slice().step() == 1,
                  "index_put_ with accumulate takes tensor indices (and full slices ':') only");
      tensor_indices.emplace_back(c10::nullopt);
    }
  }
  t->index_put_(c10::List<c10::optional<at::Tensor>>(tensor_indices), *value, true);
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_index_put_scalar_(tvr_tensor t, const int* kinds, const int64_t* starts, const int64_t* stops,
                                  const int64_t* steps, const tvr_tensor* tensors, int n, double v, int kind) {
  TVR_STATUS(const_cast<at::Tensor&>(*t).index_put_(tvr_indices(kinds, starts, stops, steps, tensors, n), tvr_scalar(v, kind)))
}

TVR_API tvr_tensor tvr_index_select(tvr_tensor t, int64_t dim, tvr_tensor index) {
  TVR_TENSOR(t->index_select(dim, *index))
}
TVR_API tvr_tensor tvr_gather(tvr_tensor t, int64_t dim, tvr_tensor index) { TVR_TENSOR(t->gather(dim, *index)) }
TVR_API tvr_tensor tvr_take_along_dim(tvr_tensor t, tvr_tensor indices, int64_t dim) {
  TVR_TENSOR(at::take_along_dim(*t, *indices, dim))
}
TVR_API tvr_tensor tvr_scatter(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src) {
  TVR_TENSOR(t->scatter(dim, *index, *src))
}
TVR_API tvr_tensor tvr_scatter_scalar(tvr_tensor t, int64_t dim, tvr_tensor index, double v, int kind) {
  TVR_TENSOR(t->scatter(dim, *index, tvr_scalar(v, kind)))
}
TVR_API tvr_tensor tvr_scatter_add(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src) {
  TVR_TENSOR(t->scatter_add(dim, *index, *src))
}
TVR_API int tvr_scatter_(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src) {
  TVR_STATUS(t->scatter_(dim, *index, *src))
}
TVR_API int tvr_scatter_scalar_(tvr_tensor t, int64_t dim, tvr_tensor index, double v, int kind) {
  TVR_STATUS(t->scatter_(dim, *index, tvr_scalar(v, kind)))
}
TVR_API int tvr_scatter_add_(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src) {
  TVR_STATUS(t->scatter_add_(dim, *index, *src))
}
TVR_API tvr_tensor tvr_index_add(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src, double alpha) {
  TVR_TENSOR(t->index_add(dim, *index, *src, alpha))
}
TVR_API int tvr_index_add_(tvr_tensor t, int64_t dim, tvr_tensor index, tvr_tensor src, double alpha) {
  TVR_STATUS(t->index_add_(dim, *index, *src, alpha))
}
TVR_API tvr_tensor tvr_index_fill(tvr_tensor t, int64_t dim, tvr_tensor index, double v, int kind) {
  TVR_TENSOR(t->index_fill(dim, *index, tvr_scalar(v, kind)))
}
TVR_API int tvr_index_fill_(tvr_tensor t, int64_t dim, tvr_tensor index, double v, int kind) {
  TVR_STATUS(t->index_fill_(dim, *index, tvr_scalar(v, kind)))
}
TVR_API tvr_tensor tvr_masked_fill(tvr_tensor t, tvr_tensor mask, double v, int kind) {
  TVR_TENSOR(t->masked_fill(*mask, tvr_scalar(v, kind)))
}
TVR_API int tvr_masked_fill_(tvr_tensor t, tvr_tensor mask, double v, int kind) {
  TVR_STATUS(t->masked_fill_(*mask, tvr_scalar(v, kind)))
}
TVR_API tvr_tensor tvr_masked_select(tvr_tensor t, tvr_tensor mask) { TVR_TENSOR(t->masked_select(*mask)) }
TVR_API tvr_tensor tvr_nonzero(tvr_tensor t) { TVR_TENSOR(t->nonzero()) }
TVR_API tvr_tensor tvr_one_hot(tvr_tensor t, int64_t num_classes) { TVR_TENSOR(at::one_hot(*t, num_classes)) }
TVR_API tvr_tensor tvr_multinomial(tvr_tensor probs, int64_t n, bool replacement) {
  TVR_TENSOR(at::multinomial(*probs, n, replacement))
}
